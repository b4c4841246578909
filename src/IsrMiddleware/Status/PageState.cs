namespace IsrMiddleware.Status;

/// <summary>A page's state as the status page shows it.</summary>
internal enum PageState
{
    /// <summary>Stored and served as is.</summary>
    Fresh,

    /// <summary>Stored, served, and due for regeneration (revalidate period passed, or revalidated on demand).</summary>
    Stale,

    /// <summary>Stored but past <see cref="StaticParamsOptions.Expire"/>: never served again until rendered anew.</summary>
    Expired,

    /// <summary>Its last render failed (5xx, exception, timeout, uncacheable): the last good version, if any, is served.</summary>
    Failing,

    /// <summary>A render of it is running now.</summary>
    Rendering,

    /// <summary>Declared by a params provider but not stored (yet).</summary>
    Missing,
}
