namespace IsrMiddleware;

/// <summary>What on-demand revalidation did to one page.</summary>
public enum RevalidationOutcome
{
    /// <summary>The stored page was marked stale.</summary>
    MarkedStale,

    /// <summary>The page was rendered again and stored (a page or a redirect).</summary>
    Regenerated,

    /// <summary>The render answered 404: the page was removed.</summary>
    Removed,

    /// <summary>The render failed or was not cacheable: the last good page is kept.</summary>
    Failed,

    /// <summary>No page is stored for the path and none may be created for it: nothing was done.</summary>
    NotCached,

    /// <summary>The path belongs to no static route.</summary>
    NoRoute,
}
