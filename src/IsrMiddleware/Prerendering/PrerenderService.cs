using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Prerendering;

/// <summary>
/// Start-up pre-rendering. Once the host has started (so the pipeline is built), it loads the invalidation records,
/// runs every params provider and checks its output, failing start-up on a bad set; in the background it then
/// removes stored pages no provider declares any more and renders every declared page not stored fresh for this
/// build, with bounded parallelism.
/// </summary>
internal sealed class PrerenderService(
    RenderPipeline pipeline,
    StartupEnumeration enumeration,
    ProviderRecovery recovery,
    DeclaredPages declaredPages,
    InvalidationTable invalidations,
    PageFreshness freshness,
    PrerenderState state,
    PageCache cache,
    PageGenerator generator,
    StaticParamsMode mode,
    IOptions<StaticParamsOptions> options,
    TimeProvider time,
    ILogger<PrerenderService> logger) : IHostedLifecycleService
{
    private const int PagesInFlightPerRender = 8;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    // Never disposed: it holds no timer, and the host may call StopAsync after disposing its services.
    private readonly CancellationTokenSource _stopping = new();
    private Task _rendering = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        List<(StaticRoute Route, string Key)> pages;
        List<StaticRoute> failedRoutes;
        try
        {
            if (!pipeline.IsBuilt)
            {
                throw new InvalidOperationException("AddStaticParams() was called but app.UseStaticParams() was not: add it after UseRouting().");
            }

            if (mode.Caches)
            {
                foreach (var invalidation in await cache.GetInvalidationsAsync(cancellationToken).ConfigureAwait(false))
                {
                    invalidations.Apply(invalidation);
                }
            }

            (pages, failedRoutes) = await enumeration.EnumerateAsync(cancellationToken).ConfigureAwait(false);
            declaredPages.Publish();
        }
        catch (Exception ex)
        {
            declaredPages.Fail(ex);
            state.Fail(ex);
            throw;
        }

        state.Start(pages.Count);
        if (!mode.Caches || options.Value.SkipPrerender)
        {
            PrerenderLog.Skipped(logger, mode.Caches ? "SkipPrerender is set" : "no cache in Development", pages.Count);
            state.Complete();
        }

        if (mode.Caches)
        {
            _rendering = Task.Run(() => RunInBackgroundAsync(pages, failedRoutes, _stopping.Token), CancellationToken.None);
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        try
        {
            await _rendering.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RunInBackgroundAsync(List<(StaticRoute Route, string Key)> pages, List<StaticRoute> failedRoutes, CancellationToken cancellationToken)
    {
        var recoveries = failedRoutes.Select(route => RecoverAsync(route, cancellationToken)).ToArray();
        try
        {
            var stored = await cache.GetAllMetadataAsync(cancellationToken).ConfigureAwait(false);
            await RemoveUndeclaredAsync(stored, failedRoutes, cancellationToken).ConfigureAwait(false);
            await cache.RestoreOnDemandPagesAsync(stored, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        if (!state.IsCompleted)
        {
            await RenderAllAsync(pages, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(recoveries).ConfigureAwait(false);
    }

    private async Task RecoverAsync(StaticRoute route, CancellationToken cancellationToken)
    {
        try
        {
            await recovery.RecoverAsync(route, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            PrerenderLog.Failed(logger, ex);
        }
    }

    /// <summary>The declared set is the truth at each start: a page declared before but not now is removed.</summary>
    private async Task RemoveUndeclaredAsync(IReadOnlyCollection<PageMetadata> stored, List<StaticRoute> failedRoutes, CancellationToken cancellationToken)
    {
        var kept = failedRoutes.Select(route => route.Identity).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var page in stored)
        {
            if (page.Declared && !declaredPages.IsDeclared(page.Key) && (page.Route is null || !kept.Contains(page.Route)))
            {
                await cache.RemoveAsync(page.Key, page.Version, cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }

        if (removed > 0)
        {
            PrerenderLog.UndeclaredPagesRemoved(logger, removed);
        }
    }

    private async Task RenderAllAsync(List<(StaticRoute Route, string Key)> pages, CancellationToken cancellationToken)
    {
        var parallelism = options.Value.PrerenderParallelism;
        PrerenderLog.Starting(logger, pages.Count, pages.Select(p => p.Route).Distinct().Count(), parallelism);
        var started = time.GetTimestamp();
        var lastProgress = started;
        int rendered = 0, skipped = 0, failed = 0;
        try
        {
            // More pages in flight than renders (the renderer bounds those to the parallelism option): storing a page
            // waits on the file system, and creating and renaming files takes about a millisecond on some disks.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism * PagesInFlightPerRender, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(pages, parallel, async (page, token) =>
            {
                if (await IsStoredAndFreshAsync(page.Route, page.Key, token).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref skipped);
                }
                else if (await cache.GetAsync(page.Key, token).ConfigureAwait(false) is var stored && stored is not null && IsFresh(page.Route, stored))
                {
                    // Another instance stored it since the check above: passed on as the version seen, it would be rendered again.
                    Interlocked.Increment(ref skipped);
                }
                else
                {
                    var generation = await generator.GenerateAsync(page.Route, page.Key, declared: true, RenderReason.Prerender, stored).ConfigureAwait(false);
                    Interlocked.Increment(ref generation.Outcome is RenderOutcome.Failed or RenderOutcome.Uncacheable ? ref failed : ref rendered);
                }

                var done = state.Advance();
                var now = time.GetTimestamp();
                var last = Interlocked.Read(ref lastProgress);
                if (time.GetElapsedTime(last, now) >= ProgressInterval && Interlocked.CompareExchange(ref lastProgress, now, last) == last)
                {
                    PrerenderLog.Progress(logger, done, pages.Count, done / time.GetElapsedTime(started, now).TotalSeconds);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            PrerenderLog.Failed(logger, ex);
            state.Fail(ex);
            return;
        }

        var elapsed = time.GetElapsedTime(started);
        PrerenderLog.Completed(logger, rendered, skipped, failed, elapsed.TotalSeconds, pages.Count / Math.Max(elapsed.TotalSeconds, 0.001));
        state.Complete();
    }

    /// <summary>Whether this route's version is stored fresh for this build; decided from metadata, without reading a body.</summary>
    private async ValueTask<bool> IsStoredAndFreshAsync(StaticRoute route, string key, CancellationToken cancellationToken) =>
        await cache.GetMetadataAsync(key, cancellationToken).ConfigureAwait(false) is { } page
        && page.Route == route.Identity
        && freshness.Evaluate(route, page) == PageState.Fresh;

    private bool IsFresh(StaticRoute route, StoredPage page) =>
        page.Route == route.Identity && freshness.Evaluate(route, page) == PageState.Fresh;
}
