using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Edge;
using IsrMiddleware.Generation;
using IsrMiddleware.Rendering;
using IsrMiddleware.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Revalidation;

/// <summary>
/// On-demand revalidation by path or tag. Both record an invalidation first (one durable write, whatever the number
/// of pages): lazy stops there, and the pages it concerns are stale from now on; eager then waits, for each page,
/// for a render that started after the invalidation (a page never stored is rendered only where a request could
/// have created it: declared, or a route that is not <c>NotFound</c>).
/// </summary>
internal sealed class PageRevalidator(
    StaticRouteResolver resolver,
    PageCache cache,
    PageGenerator generator,
    DeclaredPages declaredPages,
    IsrMetrics metrics,
    IOptions<StaticParamsOptions> options,
    EdgeInvalidationQueue edge,
    ILogger<PageRevalidator> logger) : IPageRevalidator
{
    public async Task<RevalidationReport> RevalidatePathAsync(string path, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        PageRevalidation page;
        if (Find(path) is not var (route, key))
        {
            page = new PageRevalidation(path, RevalidationOutcome.NoRoute);
        }
        else
        {
            var invalidation = await cache.InvalidateAsync(InvalidationKind.Path, key, cancellationToken).ConfigureAwait(false);
            page = await RevalidateOneAsync(route, key, mode, invalidation.Version, cancellationToken).ConfigureAwait(false);
        }

        metrics.Revalidated(page.Outcome.ToString());
        edge.Invalidated(page.Outcome == RevalidationOutcome.NoRoute ? [] : [page.Path], []);
        RevalidationLog.Revalidated(logger, "path " + path, mode, 1);
        return new RevalidationReport(mode, [page]);
    }

    public async Task<RevalidationReport> RevalidateTagAsync(string tag, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        var invalidation = await cache.InvalidateAsync(InvalidationKind.Tag, tag, cancellationToken).ConfigureAwait(false);
        var keys = await cache.GetKeysByTagAsync(tag, cancellationToken).ConfigureAwait(false);
        var pages = new PageRevalidation[keys.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.PrerenderParallelism, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, keys.Count, parallel, async (i, token) =>
        {
            pages[i] = Find(keys[i]) is var (route, key)
                ? await RevalidateOneAsync(route, key, mode, invalidation.Version, token).ConfigureAwait(false)
                : new PageRevalidation(keys[i], RevalidationOutcome.NoRoute);
            metrics.Revalidated(pages[i].Outcome.ToString());
        }).ConfigureAwait(false);
        edge.Invalidated([.. pages.Select(page => page.Path)], [tag]);
        RevalidationLog.Revalidated(logger, "tag " + tag, mode, pages.Length);
        return new RevalidationReport(mode, pages);
    }

    private async Task<PageRevalidation> RevalidateOneAsync(StaticRoute route, string key, RevalidationMode mode, long invalidatedAt, CancellationToken cancellationToken)
    {
        var stored = await cache.GetMetadataAsync(key, cancellationToken).ConfigureAwait(false);
        if (mode == RevalidationMode.Lazy)
        {
            return new PageRevalidation(key, stored is null ? RevalidationOutcome.NotCached : RevalidationOutcome.MarkedStale);
        }

        var declared = declaredPages.IsDeclared(key);
        if (stored is null && !declared && route.UnknownParams == UnknownParams.NotFound)
        {
            return new PageRevalidation(key, RevalidationOutcome.NotCached);
        }

        var generation = await generator.GenerateAsync(route, key, declared || stored?.Declared == true, RenderReason.OnDemand, startedAfter: invalidatedAt)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return new PageRevalidation(key, generation.Outcome switch
        {
            RenderOutcome.Page or RenderOutcome.Redirect => RevalidationOutcome.Regenerated,
            RenderOutcome.NotFound => RevalidationOutcome.Removed,
            _ => RevalidationOutcome.Failed,
        });
    }

    /// <summary>The static route whose pattern matches the path, and the page's canonical key.</summary>
    private (StaticRoute Route, string Key)? Find(string path)
    {
        var queryStart = path.IndexOfAny(['?', '#']);
        if (queryStart >= 0)
        {
            path = path[..queryStart];
        }

        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        foreach (var route in resolver.GetAll())
        {
            if (route.Binder.Match(path) is { } values && route.Binder.SatisfiesConstraints(values) && route.Binder.TryGetKey(values, out var key))
            {
                return (route, key);
            }
        }

        return null;
    }
}
