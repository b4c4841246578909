namespace IsrMiddleware;

/// <summary>What a <see cref="PageChange"/> reports.</summary>
public enum PageChangeKind
{
    /// <summary>A version of a page was stored.</summary>
    Stored,

    /// <summary>A page was removed.</summary>
    Removed,

    /// <summary>A path or a tag was invalidated.</summary>
    Invalidated,

    /// <summary>
    /// The durable tier lost data (a restart without persistence, a failover to an empty replica): invalidations
    /// recorded before the loss may be gone, and ones recorded after it may carry lower numbers than pages rendered
    /// before it, so every version up to <see cref="PageChange.Version"/> is stale from now on. Its key is empty.
    /// </summary>
    DataLost,
}
