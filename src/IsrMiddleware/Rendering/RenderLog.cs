using Microsoft.Extensions.Logging;
using IsrMiddleware.Model;

namespace IsrMiddleware.Rendering;

internal static partial class RenderLog
{
    [LoggerMessage(200, LogLevel.Information, "Rendered {Key} ({Reason}): {StatusCode} {Outcome} in {ElapsedMilliseconds:0.0} ms, {Bytes} bytes")]
    public static partial void Rendered(ILogger logger, string key, RenderReason reason, int statusCode, RenderOutcome outcome, double elapsedMilliseconds, int bytes);

    [LoggerMessage(201, LogLevel.Warning, "Render of {Key} not stored ({Outcome}): {Why}")]
    public static partial void NotStored(ILogger logger, string key, RenderOutcome outcome, string why, Exception? exception);

    [LoggerMessage(202, LogLevel.Warning, "A render's completion callbacks failed.")]
    public static partial void CompletionFailed(ILogger logger, Exception exception);

    [LoggerMessage(203, LogLevel.Error, "Background render of {Key} failed.")]
    public static partial void BackgroundRenderFailed(ILogger logger, string key, Exception exception);
}
