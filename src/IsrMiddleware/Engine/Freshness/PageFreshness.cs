using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

/// <summary>
/// The one freshness rule: a page is fresh only when this build rendered it, its render started after every
/// invalidation of its path and tags, and it is younger than the route's revalidate period. Past the route's expire
/// it is not served at all.
/// </summary>
internal sealed class PageFreshness(BuildIdentity build, InvalidationTable invalidations, TimeProvider time)
{
    public string BuildId => build.Id;

    /// <summary>Learns of an invalidation recorded before this start (those recorded since arrive on the change feed).</summary>
    public void Apply(Invalidation invalidation) => invalidations.Apply(invalidation);

    public PageState Evaluate(StaticRoute route, StoredPage page) => Evaluate(route, page, out _);

    /// <summary>The page's state, and its age by the wall clock (one clock read for both).</summary>
    public PageState Evaluate(StaticRoute route, StoredPage page, out TimeSpan age) =>
        Evaluate(route, page.Key, page.Version, page.BuildId, page.GeneratedAt, page.Tags, out age);

    public PageState Evaluate(StaticRoute route, PageMetadata page) =>
        Evaluate(route, page.Key, page.Version, page.BuildId, page.GeneratedAt, page.Tags, out _);

    private PageState Evaluate(
        StaticRoute route, string key, long version, string? buildId, DateTimeOffset generatedAt, IReadOnlyList<string> tags, out TimeSpan age)
    {
        age = time.GetUtcNow() - generatedAt;
        if (age >= route.Expire)
        {
            return PageState.Expired;
        }

        if (!string.Equals(buildId, build.Id, StringComparison.Ordinal)
            || (route.Revalidate is { } revalidate && age >= revalidate)
            || invalidations.Concerns(key, tags, version))
        {
            return PageState.Stale;
        }

        return PageState.Fresh;
    }
}
