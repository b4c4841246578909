using Microsoft.Extensions.Logging;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Prerendering;

/// <summary>
/// Runs every route's params providers at start-up and publishes the declared pages. Two routes declaring one key
/// stop start-up. A route whose provider fails starts with the pages of this build already stored, if there are any;
/// otherwise start-up fails.
/// </summary>
internal sealed class StartupEnumeration(
    StaticRouteResolver resolver,
    ParamsExpander expander,
    DeclaredPages declaredPages,
    PageCache cache,
    PageFreshness freshness,
    ILogger<StartupEnumeration> logger)
{
    /// <summary>
    /// A warm restart: declares the pages this build declared and stored at its previous run, when there are any and
    /// every stored declared page is of this build. Returns how many, or null when the providers must run first. Only
    /// over a store this process owns (the disk): a shared store's declared pages are written by every instance, which
    /// may be mid-deploy, and instances joining it keep running their providers first.
    /// </summary>
    public async Task<int?> DeclareStoredAsync(CancellationToken cancellationToken)
    {
        if (!cache.IsOwnStore)
        {
            return null;
        }

        var stored = await cache.GetAllMetadataAsync(cancellationToken).ConfigureAwait(false);
        var routes = resolver.GetAll().ToDictionary(route => route.Identity, StringComparer.Ordinal);
        var byRoute = new Dictionary<StaticRoute, List<string>>();
        foreach (var page in stored)
        {
            if (!page.Declared)
            {
                continue;
            }

            if (page.BuildId != freshness.BuildId || page.Route is null || !routes.TryGetValue(page.Route, out var route))
            {
                return null;
            }

            if (!byRoute.TryGetValue(route, out var keys))
            {
                byRoute[route] = keys = [];
            }

            keys.Add(page.Key);
        }

        if (byRoute.Count == 0)
        {
            return null;
        }

        var count = 0;
        foreach (var (route, keys) in byRoute)
        {
            declaredPages.Add(route, keys);
            count += keys.Count;
        }

        return count;
    }

    /// <summary>
    /// The declared pages, and the routes whose providers failed (to retry in the background). With
    /// <paramref name="replace"/> (after a warm restart), each route's keys replace those declared from the store.
    /// </summary>
    public async Task<(List<(StaticRoute Route, string Key)> Pages, List<StaticRoute> FailedRoutes, int Added, int Removed)> EnumerateAsync(
        bool replace, CancellationToken cancellationToken)
    {
        int added = 0, removed = 0;
        var pages = new List<(StaticRoute Route, string Key)>();
        var failed = new List<StaticRoute>();
        var owners = new Dictionary<string, StaticRoute>(StringComparer.Ordinal);
        IReadOnlyCollection<PageMetadata>? stored = null;
        foreach (var route in resolver.GetAll())
        {
            IReadOnlyList<string> keys;
            try
            {
                keys = await expander.ExpandAsync(route, cancellationToken).ConfigureAwait(false);
            }
            catch (ParamsProviderException ex)
            {
                stored ??= await cache.GetAllMetadataAsync(cancellationToken).ConfigureAwait(false);
                keys = stored
                    .Where(page => page.Declared && page.Route == route.Identity && page.BuildId == freshness.BuildId)
                    .Select(page => page.Key)
                    .ToArray();
                if (keys.Count == 0)
                {
                    throw;
                }

                PrerenderLog.ProviderFailedUsingStored(logger, route.DisplayPattern, keys.Count, ex);
                failed.Add(route);
            }

            PrerenderLog.RouteEnumerated(logger, route.DisplayPattern, keys.Count, route.UnknownParams, route.Revalidate?.ToString() ?? "never");
            foreach (var key in keys)
            {
                if (owners.TryGetValue(key, out var owner) && owner != route)
                {
                    throw new InvalidOperationException(
                        $"Static routes '{owner.DisplayPattern}' and '{route.DisplayPattern}' both declare the page '{key}': a page has one route. Remove it from one provider.");
                }

                owners[key] = route;
                pages.Add((route, key));
            }

            if (replace)
            {
                var (plus, minus) = declaredPages.Replace(route, keys);
                added += plus.Count;
                removed += minus.Count;
            }
            else
            {
                declaredPages.Add(route, keys);
            }
        }

        return (pages, failed, added, removed);
    }
}
