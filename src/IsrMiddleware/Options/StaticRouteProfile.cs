namespace IsrMiddleware;

/// <summary>
/// Named settings shared by static routes, configured in <see cref="StaticParamsOptions"/> and referenced by
/// <see cref="StaticParamsAttribute.Profile"/> or <c>WithStaticProfile</c>. Settings declared on the route win.
/// </summary>
public sealed class StaticRouteProfile
{
    /// <summary>The unknown-params policy; <see langword="null"/> leaves the route's own (default <see cref="IsrMiddleware.UnknownParams.NotFound"/>).</summary>
    public UnknownParams? UnknownParams { get; set; }

    /// <summary>The age after which a page is stale; <see langword="null"/> means never stale.</summary>
    public TimeSpan? Revalidate { get; set; }

    /// <summary>The age after which a page is never served again; <see langword="null"/> leaves <see cref="StaticParamsOptions.Expire"/>.</summary>
    public TimeSpan? Expire { get; set; }

    /// <summary>Tags carried by every page of the routes using this profile.</summary>
    public IList<string> Tags { get; } = new List<string>();
}
