using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Edge;

internal static partial class EdgeLog
{
    [LoggerMessage(801, LogLevel.Warning, "Edge invalidation by {Invalidator} failed after retries ({KeyCount} keys, {PathCount} paths); {Suppressed} similar failures not logged")]
    public static partial void InvalidationFailed(ILogger logger, string invalidator, int keyCount, int pathCount, int suppressed, Exception exception);

    [LoggerMessage(802, LogLevel.Warning, "Edge invalidation queue is full ({Capacity} changes): a change was dropped; {Suppressed} more dropped since the last warning")]
    public static partial void ChangeDropped(ILogger logger, int capacity, int suppressed);

    [LoggerMessage(803, LogLevel.Debug, "Edge invalidation by {Invalidator}: {KeyCount} keys, {PathCount} paths")]
    public static partial void Invalidated(ILogger logger, string invalidator, int keyCount, int pathCount);
}
