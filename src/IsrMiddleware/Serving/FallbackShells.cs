using System.Collections.Concurrent;
using IsrMiddleware.Declaration;
using IsrMiddleware.Rendering;
using Microsoft.Extensions.Hosting;

namespace IsrMiddleware.Serving;

/// <summary>
/// The fallback shell of each route: the page rendered once with the fallback flag and no route values, kept in
/// memory. A shell whose render fails is not kept, and callers fall back to a blocking render.
/// </summary>
internal sealed class FallbackShells(PageRenderer renderer, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<StaticRoute, RenderResult> _shells = new();
    private readonly SingleFlight<RenderResult?> _flights = new();

    public async Task<RenderResult?> GetAsync(StaticRoute route)
    {
        if (_shells.TryGetValue(route, out var shell))
        {
            return shell;
        }

        return await _flights.RunAsync("shell:" + route.DisplayPattern, async () =>
        {
            var result = await renderer.RenderAsync(route, route.DisplayPattern, RenderReason.FallbackShell, lifetime.ApplicationStopping).ConfigureAwait(false);
            if (result.Outcome != RenderOutcome.Page)
            {
                return null;
            }

            _shells[route] = result;
            return result;
        }).ConfigureAwait(false);
    }
}
