using System.Security.Cryptography;
using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Edge;
using IsrMiddleware.Rendering;
using IsrMiddleware.Revalidation;
using IsrMiddleware.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Serving;

/// <summary>
/// Renders a page and applies the outcome to the cache, one render per key at a time however many callers ask:
/// 200 and 3xx are stored, 404 removes the page, anything else keeps the old version and backs off. Background
/// renders (pre-render, regeneration, on demand) go through the route's resilience pipeline.
/// </summary>
internal sealed class PageGenerator(
    PageRenderer renderer,
    RenderResilience resilience,
    PageCache cache,
    NotFoundMarkers notFound,
    RegenerationBackoff backoff,
    OnDemandPages onDemand,
    Precompressor precompressor,
    IHostApplicationLifetime lifetime,
    EdgeInvalidationQueue edge,
    ILogger<PageGenerator> logger)
{
    private readonly SingleFlight<Generation> _flights = new();

    /// <summary>Renders now unless a render of the key is running, whose result is then shared.</summary>
    /// <param name="route">The page's route.</param>
    /// <param name="key">The page key.</param>
    /// <param name="declared">Whether a params provider declared the page.</param>
    /// <param name="reason">Why it renders.</param>
    /// <param name="seen">The version the caller found (null for a miss); a newer one stored meanwhile is returned without rendering.</param>
    public Task<Generation> GenerateAsync(StaticRoute route, string key, bool declared, RenderReason reason, StoredPage? seen = null)
        => _flights.RunAsync(key, () => GenerateCoreAsync(route, key, declared, reason, seen));

    /// <summary>Starts a generation nobody waits for; a fault is logged, never thrown.</summary>
    public void GenerateInBackground(StaticRoute route, string key, bool declared, RenderReason reason, StoredPage? seen = null)
    {
        // Joining a running generation (every stale hit while it runs) costs a lookup and nothing more.
        if (_flights.IsRunning(key))
        {
            return;
        }

        var task = _flights.RunAsync(key, () => GenerateCoreAsync(route, key, declared, reason, seen), out var started);
        if (started && !task.IsCompleted)
        {
            _ = task.ContinueWith(
                (t, state) => RenderLog.BackgroundRenderFailed((ILogger)state!, key, t.Exception!.GetBaseException()),
                logger,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    public int InFlight => _flights.Count;

    private async Task<Generation> GenerateCoreAsync(StaticRoute route, string key, bool declared, RenderReason reason, StoredPage? seen)
    {
        var stopping = lifetime.ApplicationStopping;
        var current = await cache.GetAsync(key, stopping).ConfigureAwait(false);
        if (current is not null && (seen is null || current.GeneratedAt > seen.GeneratedAt))
        {
            return new Generation(current.StatusCode == 200 ? RenderOutcome.Page : RenderOutcome.Redirect, current, null);
        }

        var isRegeneration = current is not null;
        if (isRegeneration)
        {
            RevalidationLog.Regenerating(logger, key, reason, current!.GeneratedAt);
        }

        var result = reason is RenderReason.Blocking or RenderReason.Fallback
            ? await renderer.RenderAsync(route, key, reason, stopping).ConfigureAwait(false)
            : await resilience.ExecuteAsync(route, token => renderer.RenderAsync(route, key, reason, token), stopping).ConfigureAwait(false);

        var generation = await ApplyAsync(route, key, declared || current?.Declared == true, result, current, stopping).ConfigureAwait(false);
        if (result.Outcome is RenderOutcome.Failed or RenderOutcome.Uncacheable)
        {
            var wait = backoff.RecordFailure(key);
            if (isRegeneration)
            {
                RevalidationLog.RegenerationFailed(logger, key, result.Reason ?? result.Outcome.ToString(), wait);
            }
        }
        else
        {
            backoff.RecordSuccess(key);
            if (isRegeneration)
            {
                RevalidationLog.Regenerated(logger, key, reason, result.Outcome);
            }
        }

        return generation;
    }

    private async Task<Generation> ApplyAsync(StaticRoute route, string key, bool declared, RenderResult result, StoredPage? current, CancellationToken stopping)
    {
        switch (result.Outcome)
        {
            case RenderOutcome.Page or RenderOutcome.Redirect:
                notFound.Remove(key);
                var stored = await cache.SetAsync(ToStoredPage(route, key, declared, result), stopping).ConfigureAwait(false);
                edge.PageChanged(key, current, stored);
                if (!stored.Declared)
                {
                    await KeepWithinOnDemandCapsAsync(key, stored.StoredBytes, stopping).ConfigureAwait(false);
                }

                return new Generation(result.Outcome, stored, result);
            case RenderOutcome.NotFound:
                await cache.RemoveAsync(key, stopping).ConfigureAwait(false);
                edge.PageChanged(key, current, null);
                onDemand.Remove(key);
                if (!declared)
                {
                    notFound.Add(key);
                }

                return new Generation(result.Outcome, null, result);
            default:
                return new Generation(result.Outcome, current, result);
        }
    }

    private async Task KeepWithinOnDemandCapsAsync(string key, long bytes, CancellationToken stopping)
    {
        foreach (var evicted in onDemand.Add(key, bytes))
        {
            await cache.RemoveAsync(evicted, stopping).ConfigureAwait(false);
            StorageLog.OnDemandPageEvicted(logger, evicted);
        }
    }

    private StoredPage ToStoredPage(StaticRoute route, string key, bool declared, RenderResult result)
    {
        var tags = route.Tags.Count == 0 ? result.Tags : route.Tags.Concat(result.Tags).Distinct(StringComparer.Ordinal).ToArray();
        var (brotli, gzip) = precompressor.Compress(result.ContentType, result.Body);
        return new StoredPage
        {
            Key = key,
            StatusCode = result.StatusCode,
            ContentType = result.ContentType,
            Headers = result.Headers,
            Body = result.Body,
            BrotliBody = brotli,
            GzipBody = gzip,
            ETag = CreateETag(result),
            GeneratedAt = result.GeneratedAt,
            Tags = tags,
            Declared = declared,
        };
    }

    /// <summary>A strong validator: equal only for byte-identical responses (status, type, headers and body).</summary>
    private static string CreateETag(RenderResult result)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(result.StatusCode));
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(result.ContentType ?? string.Empty));
        foreach (var (name, value) in result.Headers)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name + ":" + value + "\n"));
        }

        hash.AppendData(result.Body);
        return "\"" + Convert.ToBase64String(hash.GetHashAndReset(), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
    }
}
