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
    /// <summary>The declared pages, and the routes whose providers failed (to retry in the background).</summary>
    public async Task<(List<(StaticRoute Route, string Key)> Pages, List<StaticRoute> FailedRoutes)> EnumerateAsync(CancellationToken cancellationToken)
    {
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

            declaredPages.Add(route, keys);
        }

        return (pages, failed);
    }
}
