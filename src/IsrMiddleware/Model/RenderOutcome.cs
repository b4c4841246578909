namespace IsrMiddleware.Model;

/// <summary>What a render's response means for the stored page.</summary>
internal enum RenderOutcome
{
    /// <summary>200, cacheable: store it.</summary>
    Page,

    /// <summary>3xx with a Location, cacheable: store it as a redirect.</summary>
    Redirect,

    /// <summary>404: there is no such page; remove any stored one.</summary>
    NotFound,

    /// <summary>Answered, but user-specific (sets a cookie, private, no-store): never stored.</summary>
    Uncacheable,

    /// <summary>Any other status, an exception or a timeout: keep the old page.</summary>
    Failed,
}
