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
}
