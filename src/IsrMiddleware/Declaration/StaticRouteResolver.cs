using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Declaration;

/// <summary>Finds the static routes among the app's endpoints and reads their settings from endpoint metadata.</summary>
internal sealed class StaticRouteResolver(
    EndpointDataSource endpoints,
    TemplateBinderFactory binderFactory,
    ParameterPolicyFactory policyFactory,
    IOptions<StaticParamsOptions> options)
{
    private readonly ConcurrentDictionary<Endpoint, StaticRoute?> _routes = new();
    private IReadOnlyDictionary<Endpoint, RouteEndpoint>? _aliases;

    /// <summary>
    /// The static route of an endpoint, or <see langword="null"/> when it has no static-params metadata or is another
    /// route of a page declared under its canonical route (see <see cref="AliasOf"/>).
    /// </summary>
    public StaticRoute? Resolve(Endpoint? endpoint)
    {
        if (endpoint is not RouteEndpoint routeEndpoint)
        {
            return null;
        }

        return _routes.TryGetValue(endpoint, out var route) ? route : _routes.GetOrAdd(endpoint, Aliases.ContainsKey(endpoint) ? null : Create(routeEndpoint));
    }

    /// <summary>
    /// The static route a Razor page is declared under when this endpoint is one of its other routes (<c>/Index</c>
    /// beside <c>/</c>, <c>/Blog/Index</c> beside <c>/Blog</c>); requests for it are redirected there.
    /// </summary>
    public StaticRoute? AliasOf(Endpoint? endpoint) =>
        endpoint is not null && Aliases.TryGetValue(endpoint, out var canonical) ? Resolve(canonical) : null;

    // A Razor page has one endpoint per route the framework gives it (an Index page: its folder and its own name). The
    // page is declared once, under the route with the fewest segments (the shortest when tied); the others are aliases.
    private IReadOnlyDictionary<Endpoint, RouteEndpoint> Aliases => _aliases ??= FindAliases(endpoints.Endpoints);

    private static Dictionary<Endpoint, RouteEndpoint> FindAliases(IReadOnlyList<Endpoint> all)
    {
        var aliases = new Dictionary<Endpoint, RouteEndpoint>();
        var pages = all.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RequiredValues.TryGetValue("page", out var page) && page is string
                && endpoint.Metadata.Any(item => item is StaticParamsAttribute or StaticRouteMetadata))
            .GroupBy(endpoint => (Page: (string)endpoint.RoutePattern.RequiredValues["page"]!, Area: endpoint.RoutePattern.RequiredValues.GetValueOrDefault("area") as string));
        foreach (var group in pages)
        {
            var ordered = group.OrderBy(endpoint => endpoint.RoutePattern.PathSegments.Count)
                .ThenBy(endpoint => endpoint.RoutePattern.RawText?.Length ?? 0)
                .ToArray();
            foreach (var alias in ordered.Skip(1))
            {
                aliases[alias] = ordered[0];
            }
        }

        return aliases;
    }

    /// <summary>Every static route of the app, in endpoint order.</summary>
    public IReadOnlyList<StaticRoute> GetAll()
    {
        var routes = new List<StaticRoute>();
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (Resolve(endpoint) is { } route)
            {
                routes.Add(route);
            }
        }

        return routes;
    }

    private StaticRoute? Create(RouteEndpoint endpoint)
    {
        var sources = new List<ParamsSource>();
        var tags = new List<string>();
        UnknownParams? unknownParams = null;
        TimeSpan? revalidate = null;
        TimeSpan? expire = null;
        string? profileName = null;
        var isStatic = false;

        foreach (var item in endpoint.Metadata)
        {
            switch (item)
            {
                case StaticParamsAttribute attribute:
                    isStatic = true;
                    sources.AddRange(attribute.ProviderTypes.Select(ParamsSource.FromType));
                    tags.AddRange(attribute.Tags);
                    unknownParams = attribute.ExplicitUnknownParams ?? unknownParams;
                    revalidate = attribute.ExplicitRevalidate ?? revalidate;
                    expire = attribute.ExplicitExpire ?? expire;
                    profileName = attribute.Profile ?? profileName;
                    break;
                case StaticRouteMetadata metadata:
                    isStatic = true;
                    if (metadata.Source is { } source)
                    {
                        sources.Add(source);
                    }

                    tags.AddRange(metadata.Tags);
                    unknownParams = metadata.UnknownParams ?? unknownParams;
                    revalidate = metadata.Revalidate ?? revalidate;
                    expire = metadata.Expire ?? expire;
                    profileName = metadata.Profile ?? profileName;
                    break;
            }
        }

        if (!isStatic)
        {
            return null;
        }

        if (profileName is not null)
        {
            if (!options.Value.Profiles.TryGetValue(profileName, out var profile))
            {
                throw new InvalidOperationException(
                    $"Static route '{endpoint.RoutePattern.RawText}' names the profile '{profileName}', which is not configured in StaticParamsOptions.");
            }

            unknownParams ??= profile.UnknownParams;
            revalidate ??= profile.Revalidate;
            expire ??= profile.Expire;
            tags.InsertRange(0, profile.Tags);
        }

        if (revalidate == Timeout.InfiniteTimeSpan)
        {
            revalidate = null;
        }

        var routeExpire = expire ?? options.Value.Expire;
        if (routeExpire <= TimeSpan.Zero || (revalidate is { } period && routeExpire <= period))
        {
            var source = expire is null
                ? $"StaticParamsOptions.Expire ({routeExpire}), which applies to routes that set no expire of their own,"
                : $"expire {routeExpire}";
            throw new InvalidOperationException(
                $"Static route '{endpoint.RoutePattern.RawText}': {source} must be positive and longer than its revalidate period {revalidate}. "
                + (expire is null ? "Raise StaticParamsOptions.Expire, or give the route its own expire (WithRevalidate(revalidate, expire))." : "Raise its expire or shorten its revalidate period."));
        }

        var binder = new PageKeyBinder(endpoint.RoutePattern, binderFactory, policyFactory);
        return new StaticRoute(endpoint, sources, unknownParams ?? UnknownParams.NotFound, revalidate, routeExpire, tags.Distinct(StringComparer.Ordinal).ToArray(), binder);
    }
}
