using IsrMiddleware.Declaration;
using IsrMiddleware.Hosting;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Rendering;
using IsrMiddleware.Serving;
using IsrMiddleware.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Prerendering;

/// <summary>
/// Start-up pre-rendering. Once the host has started (so the pipeline is built), it runs every params provider and
/// checks its output, failing start-up on a bad set; it then renders every declared page in the background with
/// bounded parallelism, skipping pages already stored and fresh.
/// </summary>
internal sealed class PrerenderService(
    RenderPipeline pipeline,
    StaticRouteResolver resolver,
    ParamsExpander expander,
    KnownPages known,
    PrerenderState state,
    PageCache cache,
    PageGenerator generator,
    IPageStore durable,
    OnDemandPages onDemand,
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

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (durable is DiskPageStore disk && disk.DeleteTemporaryFiles() is > 0 and var count)
        {
            StorageLog.TemporaryFilesDeleted(logger, count);
        }

        return Task.CompletedTask;
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        List<(StaticRoute Route, string Key)> pages;
        try
        {
            if (!pipeline.IsBuilt)
            {
                throw new InvalidOperationException("AddStaticParams() was called but app.UseStaticParams() was not: add it after UseRouting().");
            }

            pages = await EnumerateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            known.Fail(ex);
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
            _rendering = Task.Run(() => RunInBackgroundAsync(pages, _stopping.Token), CancellationToken.None);
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

    private async Task<List<(StaticRoute Route, string Key)>> EnumerateAsync(CancellationToken cancellationToken)
    {
        var pages = new List<(StaticRoute, string)>();
        var keys = new List<string>();
        foreach (var route in resolver.GetAll())
        {
            var routeKeys = await expander.ExpandAsync(route, cancellationToken).ConfigureAwait(false);
            PrerenderLog.RouteEnumerated(logger, route.DisplayPattern, routeKeys.Count, route.UnknownParams, route.Revalidate?.ToString() ?? "never");
            foreach (var key in routeKeys)
            {
                pages.Add((route, key));
            }

            keys.AddRange(routeKeys);
        }

        known.Publish(keys);
        return pages;
    }

    private async Task RunInBackgroundAsync(List<(StaticRoute Route, string Key)> pages, CancellationToken cancellationToken)
    {
        try
        {
            await RestoreOnDemandPagesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        if (!state.IsCompleted)
        {
            await RenderAllAsync(pages, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts the pages created on demand before a restart against the on-demand caps, oldest first.</summary>
    private async Task RestoreOnDemandPagesAsync(CancellationToken cancellationToken)
    {
        if (durable is not IPageIndex index)
        {
            return;
        }

        var stored = await index.GetAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var page in stored.Where(page => !page.Declared).OrderBy(page => page.GeneratedAt))
        {
            foreach (var evicted in onDemand.Add(page.Key, page.StoredBytes))
            {
                await cache.RemoveAsync(evicted, cancellationToken).ConfigureAwait(false);
                StorageLog.OnDemandPageEvicted(logger, evicted);
            }
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
                else
                {
                    var stored = await cache.GetAsync(page.Key, token).ConfigureAwait(false);
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

    /// <summary>Whether a fresh version is stored; from the index (no body read) when the durable tier has one.</summary>
    private async ValueTask<bool> IsStoredAndFreshAsync(StaticRoute route, string key, CancellationToken cancellationToken)
    {
        if (durable is IPageIndex index)
        {
            return await index.GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is { } info
                && IsFresh(route, info.GeneratedAt, info.MarkedStale);
        }

        return await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } page
            && IsFresh(route, page.GeneratedAt, page.MarkedStale);
    }

    private bool IsFresh(StaticRoute route, DateTimeOffset generatedAt, bool markedStale) =>
        !markedStale && (route.Revalidate is not { } revalidate || time.GetUtcNow() - generatedAt < revalidate);
}
