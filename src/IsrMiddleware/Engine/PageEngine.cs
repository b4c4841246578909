using IsrMiddleware.Declaration;

namespace IsrMiddleware.Engine;

/// <summary>
/// The page engine: the one place that decides what a page is and what to do about it. It owns the declared set, the
/// memory and durable tiers, the freshness rule, single flight and leases, backoff, the not-found and uncacheable
/// memories and the on-demand caps. The doors (serving, revalidation, pre-rendering, the status page, export) are
/// thin layers over its operations, split here by concern: look-up, generation, invalidation and the page set.
/// </summary>
internal sealed partial class PageEngine(
    DeclaredPages declared,
    PageCache cache,
    PageFreshness freshness,
    PageGenerator generator,
    PageMemories memories,
    PageRevalidator revalidator,
    StaticParamsMode mode,
    OnDemandRenderLimiter onDemand) : IPageRevalidator
{
    /// <summary>Whether pages are cached at all (not in Development unless asked).</summary>
    public bool Caches => mode.Caches;

    /// <summary>The identity of this build, which every page records.</summary>
    public string BuildId => freshness.BuildId;

    /// <summary>Start-up pre-rendering's progress.</summary>
    public PrerenderState Prerender => declared.Prerender;

    private static bool IsOfRoute(StaticRoute route, string? pageRoute) => string.Equals(pageRoute, route.Identity, StringComparison.Ordinal);
}
