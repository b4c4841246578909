using Microsoft.Extensions.Hosting;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Serving;

/// <summary>
/// Fallback shells: the page rendered with the fallback flag set (and its route values), served while the real
/// render runs. One shell render per key at a time; shells are never stored, since they are only needed until the
/// real page is; its live holes show their fallbacks. A shell that does not answer 200 is not served, and callers fall back to a blocking render.
/// </summary>
internal sealed class FallbackShells(PageRenderer renderer, IHostApplicationLifetime lifetime)
{
    private readonly SingleFlight<RenderResult?> _flights = new();

    public Task<RenderResult?> GetAsync(StaticRoute route, string key) =>
        _flights.RunAsync(key, async () =>
        {
            var result = await renderer.RenderAsync(route, key, RenderReason.FallbackShell, lifetime.ApplicationStopping).ConfigureAwait(false);
            return result.Outcome == RenderOutcome.Page ? HoleFallbacks.Apply(result) : null;
        });
}
