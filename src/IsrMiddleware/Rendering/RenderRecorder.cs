using Microsoft.Extensions.Logging;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Model;

namespace IsrMiddleware.Rendering;

/// <summary>
/// What every render leaves behind: its page activity (the status page), its metrics and log line, and, for a response
/// that may not be cached, the memory that lets that page's requests run the endpoint directly for a while.
/// </summary>
internal sealed class RenderRecorder(IsrMetrics metrics, PageActivity activity, UncacheablePages uncacheable, ILogger<PageRenderer> logger)
{
    public PageActivity.RenderScope Begin(string key, RenderReason reason) => activity.BeginRender(key, reason);

    public void Completed(string key, RenderReason reason, RenderResult result, PageActivity.RenderScope rendering)
    {
        metrics.Rendered(reason, result);
        rendering.Complete(result);
        RenderLog.Rendered(logger, key, reason, result.StatusCode, result.Outcome, result.Duration.TotalMilliseconds, result.Body.Length);
        if (result.Outcome == RenderOutcome.Uncacheable)
        {
            uncacheable.Remember(key, result.Reason ?? "unknown");
        }
        else if (result.Outcome == RenderOutcome.Failed)
        {
            RenderLog.NotStored(logger, key, result.Outcome, result.Reason ?? "unknown", result.Error);
        }
    }
}
