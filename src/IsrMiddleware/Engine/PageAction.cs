namespace IsrMiddleware.Engine;

/// <summary>What a door does with a request for a page, as the engine decides it.</summary>
internal enum PageAction
{
    /// <summary>Serve the stored version (fresh, or stale while one regeneration runs).</summary>
    Serve,

    /// <summary>Render now and answer with the result (a miss of a declared page, <c>Blocking</c>, or expired).</summary>
    Render,

    /// <summary>Serve the fallback shell and render in the background (<c>Fallback</c>; a crawler gets a render).</summary>
    Fallback,

    /// <summary>404 without running the endpoint.</summary>
    NotFound,

    /// <summary>Not cacheable of late: the endpoint runs for this request, uncached.</summary>
    PassThrough,
}
