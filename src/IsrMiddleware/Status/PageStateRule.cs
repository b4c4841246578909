using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;

namespace IsrMiddleware.Status;

/// <summary>The one rule the status page uses to say what state a page is in.</summary>
internal static class PageStateRule
{
    /// <summary>
    /// The state of a page from what is stored of it, its route, and what this process saw of its renders. A running
    /// render wins; then the serving freshness rule's expiry; then a failed last render; then the rule's staleness
    /// (another build, an invalidation, the route's revalidate period).
    /// </summary>
    public static PageState Of(PageMetadata? stored, StaticRoute? route, PageRecord? activity, PageEngine engine, DateTimeOffset now, TimeSpan expire)
    {
        if (activity is { IsRendering: true })
        {
            return PageState.Rendering;
        }

        var lastFailed = activity?.Last is { Outcome: RenderOutcome.Failed or RenderOutcome.Uncacheable };
        if (stored is null)
        {
            return lastFailed ? PageState.Failing : PageState.Missing;
        }

        var served = route is null
            ? (now - stored.GeneratedAt >= expire ? PageState.Expired : PageState.Stale)
            : engine.Evaluate(route, stored);
        if (served == PageState.Expired)
        {
            return PageState.Expired;
        }

        if (lastFailed)
        {
            return PageState.Failing;
        }

        return served == PageState.Stale ? PageState.Stale : PageState.Fresh;
    }
}
