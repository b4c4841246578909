using Microsoft.Extensions.Logging;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

/// <summary>
/// Applies a render's outcome: 200 and 3xx are stored (and the edge told), 404 removes the page (and remembers unknown
/// params that are not found), anything else keeps the old version; a stored page's failures back off.
/// </summary>
internal sealed class GenerationOutcomes(PageCache cache, PageVersions versions, PageMemories memories, IPageEvents events, ILogger<PageGenerator> logger)
{
    public async Task<GenerationResult> ApplyAsync(
        StaticRoute route, string key, bool declared, RenderResult result, StoredPage? current, long version, CancellationToken stopping)
    {
        switch (result.Outcome)
        {
            case RenderOutcome.Page or RenderOutcome.Redirect:
                memories.NotFound.Remove(key);
                var stored = await cache.SetAsync(versions.Create(route, key, declared, result, version), stopping).ConfigureAwait(false);
                events.PageChanged(key, current, stored);
                return new GenerationResult(result.Outcome, stored, result, version);
            case RenderOutcome.NotFound:
                await cache.RemoveAsync(key, version, stopping).ConfigureAwait(false);
                events.PageChanged(key, current, null);
                if (!declared)
                {
                    memories.NotFound.Add(key);
                }

                return new GenerationResult(result.Outcome, null, result, version);
            default:
                return new GenerationResult(result.Outcome, current, result, version);
        }
    }

    /// <summary>Only a stored page backs off (requests for unknown params must not grow the backoff table without bound).</summary>
    public void Record(string key, RenderReason reason, RenderResult result, bool isRegeneration)
    {
        if (result.Outcome is RenderOutcome.Failed or RenderOutcome.Uncacheable)
        {
            if (isRegeneration)
            {
                var wait = memories.Backoff.RecordFailure(key);
                RevalidationLog.RegenerationFailed(logger, key, result.Reason ?? result.Outcome.ToString(), wait);
            }
        }
        else
        {
            memories.Backoff.RecordSuccess(key);
            if (isRegeneration)
            {
                RevalidationLog.Regenerated(logger, key, reason, result.Outcome);
            }
        }
    }
}
