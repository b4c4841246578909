using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Edge;
using IsrMiddleware.Prerendering;
using IsrMiddleware.Rendering;
using IsrMiddleware.Serving;
using IsrMiddleware.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Revalidation;

/// <summary>
/// On-demand revalidation by path or tag. Lazy marks stored pages stale; eager regenerates them now (a page never
/// stored is rendered only where a request could have created it: declared, or a route that is not <c>NotFound</c>).
/// </summary>
internal sealed class PageRevalidator(
    StaticRouteResolver resolver,
    PageCache cache,
    IPageStore durable,
    PageGenerator generator,
    KnownPages known,
    IsrMetrics metrics,
    IOptions<StaticParamsOptions> options,
    EdgeInvalidationQueue edge,
    ILogger<PageRevalidator> logger) : IPageRevalidator
{
    public async Task<RevalidationReport> RevalidatePathAsync(string path, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var page = await RevalidateOneAsync(path, mode, cancellationToken).ConfigureAwait(false);
        edge.Invalidated(page.Outcome == RevalidationOutcome.NoRoute ? [] : [page.Path], []);
        RevalidationLog.Revalidated(logger, "path " + path, mode, 1);
        return new RevalidationReport(mode, [page]);
    }

    public async Task<RevalidationReport> RevalidateTagAsync(string tag, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        var keys = await durable.GetKeysByTagAsync(tag, cancellationToken).ConfigureAwait(false);
        var pages = new PageRevalidation[keys.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.PrerenderParallelism, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, keys.Count, parallel, async (i, token) =>
            pages[i] = await RevalidateOneAsync(keys[i], mode, token).ConfigureAwait(false)).ConfigureAwait(false);
        edge.Invalidated([.. pages.Select(page => page.Path)], [tag]);
        RevalidationLog.Revalidated(logger, "tag " + tag, mode, pages.Length);
        return new RevalidationReport(mode, pages);
    }

    private async Task<PageRevalidation> RevalidateOneAsync(string path, RevalidationMode mode, CancellationToken cancellationToken)
    {
        var result = await RevalidateCoreAsync(path, mode, cancellationToken).ConfigureAwait(false);
        metrics.Revalidated(result.Outcome.ToString());
        return result;
    }

    private async Task<PageRevalidation> RevalidateCoreAsync(string path, RevalidationMode mode, CancellationToken cancellationToken)
    {
        if (Find(path) is not var (route, key))
        {
            return new PageRevalidation(path, RevalidationOutcome.NoRoute);
        }

        var stored = await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (mode == RevalidationMode.Lazy)
        {
            if (stored is null)
            {
                return new PageRevalidation(key, RevalidationOutcome.NotCached);
            }

            await cache.SetAsync(stored.AsMarkedStale(), cancellationToken).ConfigureAwait(false);
            return new PageRevalidation(key, RevalidationOutcome.MarkedStale);
        }

        var declared = known.IsDeclared(key);
        if (stored is null && !declared && route.UnknownParams == UnknownParams.NotFound)
        {
            return new PageRevalidation(key, RevalidationOutcome.NotCached);
        }

        var generation = await generator.GenerateAsync(route, key, declared || stored?.Declared == true, RenderReason.OnDemand, stored)
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
