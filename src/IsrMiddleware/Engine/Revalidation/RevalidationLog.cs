using Microsoft.Extensions.Logging;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

internal static partial class RevalidationLog
{
    [LoggerMessage(400, LogLevel.Information, "Regenerating {Key} ({Reason}), generated at {GeneratedAt:O}")]
    public static partial void Regenerating(ILogger logger, string key, RenderReason reason, DateTimeOffset generatedAt);

    [LoggerMessage(401, LogLevel.Information, "Regenerated {Key} ({Reason}): {Outcome}")]
    public static partial void Regenerated(ILogger logger, string key, RenderReason reason, RenderOutcome outcome);

    [LoggerMessage(402, LogLevel.Warning, "Regeneration of {Key} failed ({Why}); the last good page is served, next attempt in {Backoff}")]
    public static partial void RegenerationFailed(ILogger logger, string key, string why, TimeSpan backoff);

    [LoggerMessage(403, LogLevel.Information, "On-demand revalidation of {Target} ({Mode}): {PageCount} pages")]
    public static partial void Revalidated(ILogger logger, string target, RevalidationMode mode, int pageCount);

    [LoggerMessage(410, LogLevel.Warning, "A confirmed revalidation timed out waiting for {Lagged}; {Applied} instances applied it")]
    public static partial void ConfirmationLagged(ILogger logger, string lagged, int applied);
}
