namespace IsrMiddleware;

/// <summary>How on-demand revalidation treats the pages it names.</summary>
public enum RevalidationMode
{
    /// <summary>Mark the pages stale: the next request is served the old page and starts one regeneration (<c>revalidateTag</c>).</summary>
    Lazy = 0,

    /// <summary>Regenerate the pages now and return when done, reporting each outcome (<c>res.revalidate</c>).</summary>
    Eager = 1,
}
