namespace IsrMiddleware.Model;

/// <summary>
/// A page's state. The freshness rule gives the first three (how a stored page may be served now); the status page
/// adds the others from what it knows of renders and the declared set.
/// </summary>
internal enum PageState
{
    /// <summary>Stored and served as is.</summary>
    Fresh,

    /// <summary>Served once more while one regeneration runs: too old, invalidated, or of another build.</summary>
    Stale,

    /// <summary>Past the route's expire: never served; the request waits for a new version.</summary>
    Expired,

    /// <summary>Its last render failed (5xx, exception, timeout, uncacheable): the last good version, if any, is served.</summary>
    Failing,

    /// <summary>A render of it is running now.</summary>
    Rendering,

    /// <summary>Declared by a params provider but not stored (yet).</summary>
    Missing,
}
