using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Engine;

/// <summary>
/// Renders a page and applies the outcome to the cache, one render per key at a time however many callers ask:
/// 200 and 3xx are stored, 404 removes the page, anything else keeps the old version and backs off. Each render takes
/// a sequence number when it starts; a caller that needs a render started after an invalidation never settles for
/// an older one. Background renders (pre-render, regeneration, on demand) go through the route's resilience pipeline.
/// </summary>
internal sealed class PageGenerator(
    PageRenderer renderer,
    RenderResilience resilience,
    PageCache cache,
    PageFreshness freshness,
    GenerationOutcomes outcomes,
    RenderLeases leases,
    IHostApplicationLifetime lifetime,
    ILogger<PageGenerator> logger)
{
    // A render running when an invalidation is recorded started before it: a caller waits for it, then for one more.
    private const int MaxRoundsForNewerRender = 4;

    private readonly SingleFlight<GenerationResult> _flights = new();

    /// <summary>
    /// Renders now unless a render of the key is running, whose result is then shared. With <paramref name="startedAfter"/>,
    /// only a render (or stored version) with a higher sequence number is accepted: an older running render is waited
    /// out and another one started.
    /// </summary>
    /// <param name="route">The page's route.</param>
    /// <param name="key">The page key.</param>
    /// <param name="declared">Whether a params provider declared the page.</param>
    /// <param name="reason">Why it renders.</param>
    /// <param name="seen">The version the caller found (null for a miss); a newer fresh one stored meanwhile is returned without rendering.</param>
    /// <param name="startedAfter">The sequence number (an invalidation's) that the result must be newer than; 0 for any.</param>
    public async Task<GenerationResult> GenerateAsync(StaticRoute route, string key, bool declared, RenderReason reason, StoredPage? seen = null, long startedAfter = 0)
    {
        for (var round = 1; ; round++)
        {
            var result = await _flights.RunAsync(key, () => GenerateCoreAsync(route, key, declared, reason, seen, startedAfter)).ConfigureAwait(false);
            if (result.Version > startedAfter || round >= MaxRoundsForNewerRender)
            {
                return result;
            }
        }
    }

    /// <summary>
    /// Starts a generation nobody waits for; a fault is logged, never thrown. <paramref name="slot"/>, when given, is
    /// released once the generation ends (at once when one of the key was running already).
    /// </summary>
    public void GenerateInBackground(StaticRoute route, string key, bool declared, RenderReason reason, StoredPage? seen = null, IDisposable? slot = null)
    {
        // Joining a running generation (every stale hit while it runs) costs a lookup and nothing more.
        if (_flights.IsRunning(key))
        {
            slot?.Dispose();
            return;
        }

        var task = _flights.RunAsync(key, () => GenerateCoreAsync(route, key, declared, reason, seen, 0), out var started);
        if (!started || task.IsCompleted)
        {
            slot?.Dispose();
            return;
        }

        _ = task.ContinueWith(
            (t, state) =>
            {
                var (log, held) = ((ILogger, IDisposable?))state!;
                held?.Dispose();
                if (t.IsFaulted)
                {
                    RenderLog.BackgroundRenderFailed(log, key, t.Exception!.GetBaseException());
                }
            },
            // Typed as the continuation reads it: a tuple of ILogger<PageGenerator> is another type, and the cast threw.
            ((ILogger)logger, slot),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public int InFlight => _flights.Count;

    /// <summary>Whether a render of the key is running.</summary>
    public bool IsRendering(string key) => _flights.IsRunning(key);

    private async Task<GenerationResult> GenerateCoreAsync(StaticRoute route, string key, bool declared, RenderReason reason, StoredPage? seen, long startedAfter)
    {
        var stopping = lifetime.ApplicationStopping;
        var current = await cache.GetAsync(key, stopping).ConfigureAwait(false);
        if (current is not null && Satisfies(route, current, seen, startedAfter))
        {
            return new GenerationResult(current.StatusCode == 200 ? RenderOutcome.Page : RenderOutcome.Redirect, current, null, current.Version);
        }

        // Another instance rendering the key: its version, once announced, answers this caller too.
        var (lease, arrived) = await leases.AcquireAsync(key, async token =>
            await cache.GetAsync(key, token).ConfigureAwait(false) is { } page && Satisfies(route, page, seen, startedAfter) ? page : null, stopping).ConfigureAwait(false);
        if (arrived is not null)
        {
            return new GenerationResult(arrived.StatusCode == 200 ? RenderOutcome.Page : RenderOutcome.Redirect, arrived, null, arrived.Version);
        }

        await using var held = lease;
        var isRegeneration = current is not null;
        if (isRegeneration)
        {
            RevalidationLog.Regenerating(logger, key, reason, current!.GeneratedAt);
        }

        // Taken before the endpoint runs, so before it reads any data: an invalidation recorded after this number
        // may concern data this render did not see.
        long version;
        try
        {
            version = await cache.NextVersionAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without a number the render could not be ordered against invalidations: it does not run, the old page stays.
            RenderLog.BackgroundRenderFailed(logger, key, ex);
            return new GenerationResult(RenderOutcome.Failed, current, RenderResult.Failure("no version number from the store", ex, default, TimeSpan.Zero), 0);
        }
        var result = reason is RenderReason.Blocking or RenderReason.Fallback
            ? await renderer.RenderAsync(route, key, reason, stopping).ConfigureAwait(false)
            : await resilience.ExecuteAsync(route, token => renderer.RenderAsync(route, key, reason, token), stopping).ConfigureAwait(false);

        var generation = await outcomes.ApplyAsync(route, key, declared, result, current, version, stopping).ConfigureAwait(false);
        outcomes.Record(key, reason, result, isRegeneration);
        return generation;
    }

    /// <summary>Whether the stored version already answers the caller: this route's, fresh, and newer than what it needs.</summary>
    private bool Satisfies(StaticRoute route, StoredPage current, StoredPage? seen, long startedAfter) =>
        string.Equals(current.Route, route.Identity, StringComparison.Ordinal)
        && current.Version > startedAfter
        && (seen is null || current.Version > seen.Version)
        && freshness.Evaluate(route, current) == PageState.Fresh;
}
