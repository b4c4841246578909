using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Rendering;
using IsrMiddleware.Storage;

namespace IsrMiddleware.Status;

/// <summary>The one rule the status page uses to say what state a page is in.</summary>
internal static class PageStateRule
{
    /// <summary>
    /// The state of a page from what is stored of it, its route, and what this process saw of its renders. A running
    /// render wins; then a version past <paramref name="expire"/>; then a failed last render; then staleness by
    /// on-demand mark or by the route's revalidate period.
    /// </summary>
    public static PageState Of(PageInfo? stored, StaticRoute? route, PageRecord? activity, DateTimeOffset now, TimeSpan expire)
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

        var age = now - stored.GeneratedAt;
        if (age >= expire)
        {
            return PageState.Expired;
        }

        if (lastFailed)
        {
            return PageState.Failing;
        }

        return stored.MarkedStale || (route?.Revalidate is { } revalidate && age >= revalidate) ? PageState.Stale : PageState.Fresh;
    }
}
