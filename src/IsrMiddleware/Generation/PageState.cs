namespace IsrMiddleware.Generation;

/// <summary>How a stored page may be served now.</summary>
internal enum PageState
{
    /// <summary>Served as is.</summary>
    Fresh,

    /// <summary>Served once more while one regeneration runs: too old, invalidated, or of another build.</summary>
    Stale,

    /// <summary>Past the route's expire: never served; the request waits for a new version.</summary>
    Expired,
}
