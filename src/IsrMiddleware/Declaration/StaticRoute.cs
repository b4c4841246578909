using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace IsrMiddleware.Declaration;

/// <summary>A static route: an endpoint with its resolved static-params settings and key binder.</summary>
internal sealed class StaticRoute
{
    public StaticRoute(
        RouteEndpoint endpoint,
        IReadOnlyList<ParamsSource> sources,
        UnknownParams unknownParams,
        TimeSpan? revalidate,
        TimeSpan expire,
        IReadOnlyList<string> tags,
        PageKeyBinder binder)
    {
        Endpoint = endpoint;
        DisplayPattern = Display(endpoint.RoutePattern.RawText ?? endpoint.DisplayName);
        Sources = sources;
        UnknownParams = unknownParams;
        Revalidate = revalidate;
        Expire = expire;
        Tags = tags;
        Binder = binder;
        CacheControl = RouteCacheControl.CacheControlFor(revalidate, expire);
        StaleCacheControl = RouteCacheControl.StaleCacheControlFor(revalidate, expire);
        RequiresAuthorization = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
    }

    public RouteEndpoint Endpoint { get; }

    public RoutePattern Pattern => Endpoint.RoutePattern;

    /// <summary>The pattern as written, for logs and messages.</summary>
    public string DisplayPattern { get; }

    public IReadOnlyList<ParamsSource> Sources { get; }

    public UnknownParams UnknownParams { get; }

    /// <summary>The age after which a page is stale; <see langword="null"/> means never.</summary>
    public TimeSpan? Revalidate { get; }

    /// <summary>The age after which a page is never served again.</summary>
    public TimeSpan Expire { get; }

    /// <summary>What identifies the route in stored pages: its pattern as written.</summary>
    public string Identity => DisplayPattern;

    public IReadOnlyList<string> Tags { get; }

    public PageKeyBinder Binder { get; }

    /// <summary>The <c>Cache-Control</c> value of the route's pages.</summary>
    public string CacheControl { get; }

    /// <summary>The <c>Cache-Control</c> value of the route's pages answered stale.</summary>
    public string StaleCacheControl { get; }

    /// <summary>Whether the endpoint carries authorization metadata (and no allow-anonymous).</summary>
    public bool RequiresAuthorization { get; }

    public override string ToString() => DisplayPattern;

    private static string Display(string? pattern) => pattern switch
    {
        null or "" => "/",
        ['/', ..] => pattern,
        _ => "/" + pattern,
    };
}
