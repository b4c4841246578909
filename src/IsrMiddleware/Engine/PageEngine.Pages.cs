using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

internal sealed partial class PageEngine
{
    public bool IsDeclared(string key) => declared.IsDeclared(key);

    /// <summary>A stored page's decayed hit count (traffic orders pre-rendering: busiest first).</summary>
    public int HitsOf(string key) => cache.HitsOf(key);

    /// <summary>Loads the hit counts <see cref="HitsOf"/> answers from (a shared store reads them once, before pre-rendering orders pages).</summary>
    public ValueTask LoadHitsAsync(CancellationToken cancellationToken) => cache.LoadHitsAsync(cancellationToken);

    public ICollection<string> DeclaredKeys => declared.Keys;

    /// <summary>Whether start-up published the declared set (requests no longer wait for it).</summary>
    public bool IsDeclaredSetReady => declared.WhenReady.IsCompletedSuccessfully;

    /// <summary>Changes whenever the declared set does: a door's copy of it is current while this is unchanged.</summary>
    public int DeclaredGeneration => declared.Generation;

    /// <summary>Every declared page's key with the route that declared it.</summary>
    public IEnumerable<KeyValuePair<string, StaticRoute>> DeclaredPages => declared.Entries;

    /// <summary>Start-up built the declared set: requests waiting for it go on.</summary>
    public void PublishDeclared() => declared.Publish();

    /// <summary>A warm restart published the stored declared set: unknown keys wait for the providers until <see cref="EndEnumeration"/>.</summary>
    public void PublishStoredDeclared() => declared.Publish(provisional: true);

    /// <summary>The params providers have run after a warm restart: unknown keys are answered by their policy.</summary>
    public void EndEnumeration() => declared.EndEnumeration();

    /// <summary>Start-up could not build the declared set: requests waiting for it fail.</summary>
    public void FailDeclared(Exception exception) => declared.Fail(exception);

    public ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken) => cache.GetAsync(key, cancellationToken);

    /// <summary>The memory tier's copy of a page, if it holds one; never reads the durable tier.</summary>
    public StoredPage? PeekMemory(string key) => cache.PeekMemory(key);

    /// <summary>Pages the memory tier holds.</summary>
    public long MemoryPages => cache.MemoryCount;

    /// <summary>Bytes the memory tier holds (its estimate).</summary>
    public long MemoryBytes => cache.MemoryEstimatedBytes;

    /// <summary>Every stored page's metadata (the durable tier's index; no bodies).</summary>
    public ValueTask<IReadOnlyCollection<PageMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken) =>
        cache.GetAllMetadataAsync(cancellationToken);

    public PageState Evaluate(StaticRoute route, PageMetadata page) => freshness.Evaluate(route, page);

    /// <summary>Whether this route's version of the page is stored fresh for this build, from metadata only.</summary>
    public async ValueTask<bool> IsStoredFreshAsync(StaticRoute route, string key, CancellationToken cancellationToken) =>
        await cache.GetMetadataAsync(key, cancellationToken).ConfigureAwait(false) is { } page
        && IsOfRoute(route, page.Route)
        && freshness.Evaluate(route, page) == PageState.Fresh;

    /// <summary>The stored version of the page, and whether it is this route's and fresh.</summary>
    public async ValueTask<(StoredPage? Page, bool Fresh)> GetWithFreshnessAsync(StaticRoute route, string key, CancellationToken cancellationToken)
    {
        var page = await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return (page, page is not null && IsOfRoute(route, page.Route) && freshness.Evaluate(route, page) == PageState.Fresh);
    }

    /// <summary>
    /// The declared set is the truth at each start: removes stored pages declared before but not now (except those of
    /// routes whose providers failed), then counts the pages created on demand against the caps. Returns the number removed.
    /// </summary>
    public async Task<int> ReconcileStoredAsync(IReadOnlySet<string> keptRoutes, CancellationToken cancellationToken)
    {
        var stored = await cache.GetAllMetadataAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var page in stored)
        {
            if (page.Declared && !declared.IsDeclared(page.Key) && (page.Route is null || !keptRoutes.Contains(page.Route)))
            {
                await cache.RemoveAsync(page.Key, page.Version, cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }

        await cache.RestoreOnDemandPagesAsync(stored, cancellationToken).ConfigureAwait(false);
        return removed;
    }
}
