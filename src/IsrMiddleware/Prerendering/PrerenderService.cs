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
/// build (the busiest first, by the store's decayed hit counts; only the N busiest with PrerenderBusiestPages, the
/// rest then at BackgroundPrerenderPagesPerSecond when set), with bounded parallelism.
/// </summary>
internal sealed class PrerenderService(
    RenderPipeline pipeline,
    StartupEnumeration enumeration,
    ProviderRecovery recovery,
    PageEngine engine,
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

            await engine.LoadInvalidationsAsync(cancellationToken).ConfigureAwait(false);
            if (engine.Caches && !options.Value.SkipPrerender
                && await enumeration.DeclareStoredAsync(cancellationToken).ConfigureAwait(false) is { } stored)
            {
                // A warm restart: ready as soon as the stored declared set is; the providers correct it in the background.
                PrerenderLog.WarmStart(logger, stored);
                engine.PublishStoredDeclared();
                engine.Prerender.Start(stored);
                engine.Prerender.Complete();
                _rendering = Task.Run(() => RunWarmInBackgroundAsync(_stopping.Token), CancellationToken.None);
                return;
            }

            (pages, failedRoutes, _, _) = await enumeration.EnumerateAsync(replace: false, cancellationToken).ConfigureAwait(false);
            engine.PublishDeclared();
        }
        catch (Exception ex)
        {
            engine.FailDeclared(ex);
            engine.Prerender.Fail(ex);
            throw;
        }

        engine.Prerender.Start(pages.Count);
        if (!engine.Caches || options.Value.SkipPrerender)
        {
            PrerenderLog.Skipped(logger, engine.Caches ? "SkipPrerender is set" : "no cache in Development", pages.Count);
            engine.Prerender.Complete();
        }

        if (engine.Caches)
        {
            _rendering = Task.Run(() => RunInBackgroundAsync(pages, failedRoutes, render: !engine.Prerender.IsCompleted, _stopping.Token), CancellationToken.None);
        }
        else
        {
            engine.Prerender.Settled();
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

    private async Task RunWarmInBackgroundAsync(CancellationToken cancellationToken)
    {
        List<(StaticRoute Route, string Key)> pages;
        List<StaticRoute> failedRoutes;
        var started = time.GetTimestamp();
        try
        {
            (pages, failedRoutes, var added, var removed) = await enumeration.EnumerateAsync(replace: true, cancellationToken).ConfigureAwait(false);
            PrerenderLog.WarmEnumerated(logger, pages.Count, time.GetElapsedTime(started).TotalSeconds, added, removed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            engine.Prerender.Settled();
            return;
        }
        catch (Exception ex)
        {
            PrerenderLog.WarmEnumerationFailed(logger, ex);
            engine.Prerender.Settled();
            return;
        }
        finally
        {
            engine.EndEnumeration();
        }

        engine.Prerender.Start(pages.Count);
        await RunInBackgroundAsync(pages, failedRoutes, render: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunInBackgroundAsync(List<(StaticRoute Route, string Key)> pages, List<StaticRoute> failedRoutes, bool render, CancellationToken cancellationToken)
    {
        var recoveries = failedRoutes.Select(route => RecoverAsync(route, cancellationToken)).ToArray();
        try
        {
            await ReconcileAsync(failedRoutes, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            engine.Prerender.Settled();
            return;
        }

        var deferred = render ? await RenderAllAsync(pages, cancellationToken).ConfigureAwait(false) : [];
        engine.Prerender.Settled();
        if (deferred.Count > 0 && options.Value.BackgroundPrerenderPagesPerSecond is { } rate)
        {
            await RenderAtRateAsync(deferred, rate, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(recoveries).ConfigureAwait(false);
    }

    private async Task ReconcileAsync(List<StaticRoute> failedRoutes, CancellationToken cancellationToken)
    {
        var removed = await engine.ReconcileStoredAsync(failedRoutes.Select(route => route.Identity).ToHashSet(StringComparer.Ordinal), cancellationToken)
            .ConfigureAwait(false);
        if (removed > 0)
        {
            PrerenderLog.UndeclaredPagesRemoved(logger, removed);
        }
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

    /// <summary>Renders the declared pages that need it; returns those PrerenderBusiestPages left over, busiest first.</summary>
    private async Task<List<(StaticRoute Route, string Key)>> RenderAllAsync(List<(StaticRoute Route, string Key)> pages, CancellationToken cancellationToken)
    {
        var parallelism = options.Value.PrerenderParallelism;
        PrerenderLog.Starting(logger, pages.Count, pages.Select(p => p.Route).Distinct().Count(), parallelism);
        var started = time.GetTimestamp();
        var lastProgress = started;
        int rendered = 0, skipped = 0, failed = 0;
        List<(StaticRoute Route, string Key)> deferred = [];
        try
        {
            // A warm restart finds most pages stored fresh: those are told apart in one pass over the metadata (a
            // look-up that completes synchronously), and only the rest go through the parallel loop.
            var pending = new List<(StaticRoute Route, string Key, int Hits, int Order)>();
            foreach (var page in pages)
            {
                var check = engine.IsStoredFreshAsync(page.Route, page.Key, cancellationToken);
                if (check.IsCompletedSuccessfully ? check.Result : await check.ConfigureAwait(false))
                {
                    skipped++;
                    engine.Prerender.Advance();
                }
                else
                {
                    pending.Add((page.Route, page.Key, 0, pending.Count));
                }
            }

            if (pending.Count > 1)
            {
                await engine.LoadHitsAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < pending.Count; i++)
                {
                    pending[i] = pending[i] with { Hits = engine.HitsOf(pending[i].Key) };
                }
            }

            // Busiest first (a new build's pages are all stale: the ones most requested are rendered first); with
            // PrerenderBusiestPages, the rest wait for their first request.
            pending.Sort((a, b) => b.Hits != a.Hits ? b.Hits.CompareTo(a.Hits) : a.Order.CompareTo(b.Order));
            if (options.Value.PrerenderBusiestPages is { } busiest && busiest < pending.Count)
            {
                PrerenderLog.BusiestOnly(logger, busiest, pending.Count);
                for (var left = busiest; left < pending.Count; left++)
                {
                    engine.Prerender.Advance();
                }

                deferred = pending.GetRange(busiest, pending.Count - busiest).Select(page => (page.Route, page.Key)).ToList();
                pending.RemoveRange(busiest, pending.Count - busiest);
            }

            // More pages in flight than renders (the renderer bounds those to the parallelism option): storing a page
            // waits on the file system, and creating and renaming files takes about a millisecond on some disks.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism * PagesInFlightPerRender, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(pending, parallel, async (page, token) =>
            {
                if (await engine.IsStoredFreshAsync(page.Route, page.Key, token).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref skipped);
                }
                else if (await engine.GetWithFreshnessAsync(page.Route, page.Key, token).ConfigureAwait(false) is var (stored, fresh) && fresh)
                {
                    // Another instance stored it since the check above: passed on as the version seen, it would be rendered again.
                    Interlocked.Increment(ref skipped);
                }
                else
                {
                    var generation = await engine.GenerateAsync(page.Route, page.Key, isDeclared: true, RenderReason.Prerender, stored).ConfigureAwait(false);
                    Interlocked.Increment(ref generation.Outcome is RenderOutcome.Failed or RenderOutcome.Uncacheable ? ref failed : ref rendered);
                }

                var done = engine.Prerender.Advance();
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
            return [];
        }
        catch (Exception ex)
        {
            PrerenderLog.Failed(logger, ex);
            engine.Prerender.Fail(ex);
            return [];
        }

        var elapsed = time.GetElapsedTime(started);
        PrerenderLog.Completed(logger, rendered, skipped, failed, elapsed.TotalSeconds, pages.Count / Math.Max(elapsed.TotalSeconds, 0.001));
        engine.Prerender.Complete();
        return deferred;
    }

    /// <summary>
    /// The pages left over by <see cref="StaticParamsOptions.PrerenderBusiestPages"/>, busiest first, one at a time and
    /// at most <paramref name="rate"/> a second, through the same single flight as requests (a page a request is
    /// rendering is joined, one stored fresh meanwhile skipped). Ends with the host.
    /// </summary>
    private async Task RenderAtRateAsync(List<(StaticRoute Route, string Key)> pages, double rate, CancellationToken cancellationToken)
    {
        PrerenderLog.BackgroundStarting(logger, pages.Count, rate);
        var interval = TimeSpan.FromSeconds(1 / rate);
        var started = time.GetTimestamp();
        int rendered = 0, skipped = 0, failed = 0;
        try
        {
            foreach (var (route, key) in pages)
            {
                if (await engine.GetWithFreshnessAsync(route, key, cancellationToken).ConfigureAwait(false) is var (stored, fresh) && fresh)
                {
                    skipped++;
                    continue;
                }

                var next = time.GetTimestamp();
                var generation = await engine.GenerateAsync(route, key, isDeclared: true, RenderReason.Prerender, stored).ConfigureAwait(false);
                if (generation.Outcome is RenderOutcome.Failed or RenderOutcome.Uncacheable)
                {
                    failed++;
                }
                else
                {
                    rendered++;
                }

                var wait = interval - time.GetElapsedTime(next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        PrerenderLog.BackgroundCompleted(logger, rendered, skipped, failed, time.GetElapsedTime(started).TotalSeconds);
    }
}
