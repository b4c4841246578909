using System.Collections.Frozen;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Serving;

/// <summary>
/// The frozen map from a canonical request path to its declared page, for serving before routing. It is a copy of the
/// engine's declared set, rebuilt in the background whenever that set changes (requests take the routed path until
/// the new copy is ready). A page enters only when the app's own routing, run once for its path, gives it to its
/// static route with the same key, so the map never answers a path that routing would send elsewhere.
/// </summary>
internal sealed class FastPathMap(
    PageEngine engine,
    PipelineOrder order,
    StaticRouteResolver resolver,
    EndpointDataSource endpoints,
    IServiceProvider services,
    IOptions<StaticParamsOptions> options,
    ILogger<FastPathMap> logger)
{
    private volatile Snapshot _current = new(-1, FrozenDictionary<string, FastPathEntry>.Empty);
    private int _building;
    private bool _logged;

    /// <summary>The page a path names, when the map is current and holds it; otherwise starts a rebuild if one is due.</summary>
    public FastPathEntry? Find(string path)
    {
        var current = _current;
        if (current.Generation != engine.DeclaredGeneration)
        {
            StartRebuild();
            return null;
        }

        return current.Pages.GetValueOrDefault(path);
    }

    /// <summary>Builds the map now if the declared set changed since the last build (tests await it).</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        while (_current.Generation != engine.DeclaredGeneration)
        {
            if (Interlocked.CompareExchange(ref _building, 1, 0) == 0)
            {
                await RebuildAsync().ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private void StartRebuild()
    {
        if (engine.IsDeclaredSetReady && Interlocked.CompareExchange(ref _building, 1, 0) == 0)
        {
            _ = Task.Run(RebuildAsync);
        }
    }

    private async Task RebuildAsync()
    {
        // A change while building leaves the new map older than the set: the next request starts another build.
        var generation = engine.DeclaredGeneration;
        try
        {
            _current = new Snapshot(generation, await BuildAsync().ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            FastPathLog.BuildFailed(logger, ex);
            _current = new Snapshot(generation, FrozenDictionary<string, FastPathEntry>.Empty);
        }
        finally
        {
            Volatile.Write(ref _building, 0);
        }
    }

    private async Task<FrozenDictionary<string, FastPathEntry>> BuildAsync()
    {
        if (!engine.IsDeclaredSetReady)
        {
            return FrozenDictionary<string, FastPathEntry>.Empty;
        }

        var why = order.Rematch is null ? "the app has no endpoint routing before app.UseStaticParams()"
            : !engine.Caches ? "pages are not cached (Development)"
            : FastPathEligibility.AppWideReason(services, endpoints);
        if (why is not null || order.Rematch is not { } rematch)
        {
            LogOnce(() => FastPathLog.Off(logger, why!));
            return FrozenDictionary<string, FastPathEntry>.Empty;
        }

        var hasFallbackPolicy = services.GetService<IAuthorizationPolicyProvider>() is { } policies
            && await policies.GetFallbackPolicyAsync().ConfigureAwait(false) is not null;
        // Keyed by identity: the declared set may hold other instances of the same routes.
        var eligible = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var route in resolver.GetAll())
        {
            eligible.TryAdd(route.Identity, FastPathEligibility.Reason(route, hasFallbackPolicy));
        }

        var pages = new Dictionary<string, FastPathEntry>(StringComparer.Ordinal);
        foreach (var (key, route) in engine.DeclaredPages)
        {
            if (!eligible.TryGetValue(route.Identity, out var reason))
            {
                eligible[route.Identity] = reason = FastPathEligibility.Reason(route, hasFallbackPolicy);
            }

            // The routed path answers a key longer than MaxKeyLength 404, whatever is stored.
            var path = CanonicalPath.Redirect(key, options.Value.TrailingSlash) ?? key;
            if (reason is null && key.Length <= options.Value.MaxKeyLength && await RoutedAsync(rematch, path, route, key).ConfigureAwait(false) is { } routed)
            {
                var head = await HeadReachesAsync(rematch, path, route, key).ConfigureAwait(false);
                pages[path] = new FastPathEntry(routed, key, head);
            }
        }

        LogOnce(() =>
        {
            var excluded = eligible.Where(pair => pair.Value is not null).Select(pair => $"{pair.Key} ({pair.Value})").ToList();
            FastPathLog.Routes(logger, eligible.Count(pair => pair.Value is null), eligible.Count, excluded.Count == 0 ? "none" : string.Join(", ", excluded));
        });
        FastPathLog.Built(logger, pages.Count);
        return pages.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The static route the app's routing gives a GET for <paramref name="path"/> (the very object the routed path
    /// serves with), when it is the declaring route bound to the same key.
    /// </summary>
    private async Task<StaticRoute?> RoutedAsync(RequestDelegate rematch, string path, StaticRoute route, string key)
    {
        var context = await MatchAsync(rematch, HttpMethods.Get, path).ConfigureAwait(false);
        return IsRoutedTo(context, route, key) ? resolver.Resolve(context.GetEndpoint()) : null;
    }

    /// <summary>HEAD reaches the page when routing gives it the route, or nothing / the 405 endpoint (then the routed path serves HEAD as GET).</summary>
    private async Task<bool> HeadReachesAsync(RequestDelegate rematch, string path, StaticRoute route, string key)
    {
        var context = await MatchAsync(rematch, HttpMethods.Head, path).ConfigureAwait(false);
        var endpoint = context.GetEndpoint();
        return endpoint is null || (endpoint is not RouteEndpoint && endpoint.DisplayName == StaticParamsMiddleware.MethodNotAllowedEndpointName) || IsRoutedTo(context, route, key);
    }

    private bool IsRoutedTo(HttpContext context, StaticRoute route, string key) =>
        resolver.Resolve(context.GetEndpoint()) is { } routed
        && string.Equals(routed.Identity, route.Identity, StringComparison.Ordinal)
        && route.Binder.TryGetKey(context.Request.RouteValues, out var bound)
        && string.Equals(CanonicalPath.Key(bound), key, StringComparison.Ordinal);

    private async Task<HttpContext> MatchAsync(RequestDelegate rematch, string method, string path)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Scheme = options.Value.CanonicalOrigin.Scheme;
        context.Request.Host = HostString.FromUriComponent(options.Value.CanonicalOrigin);
        context.Request.Path = new PathString(path);
        await rematch(context).ConfigureAwait(false);
        return context;
    }

    private void LogOnce(Action log)
    {
        if (!_logged)
        {
            _logged = true;
            log();
        }
    }

    private sealed record Snapshot(int Generation, FrozenDictionary<string, FastPathEntry> Pages);
}
