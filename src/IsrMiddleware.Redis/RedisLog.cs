using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Redis;

internal static partial class RedisLog
{
    [LoggerMessage(900, LogLevel.Warning, "Publishing a page change to Redis failed ({Suppressed} more since the last report); other instances learn of it when they resynchronize.")]
    public static partial void PublishFailed(ILogger logger, int suppressed, Exception exception);

    [LoggerMessage(901, LogLevel.Warning, "The Redis change subscription was lost ({FailureType}); the memory tier is re-checked once it is back.")]
    public static partial void SubscriptionLost(ILogger logger, string failureType);

    [LoggerMessage(902, LogLevel.Information, "The Redis change subscription is back: {Pages} page versions and {Invalidations} invalidations re-checked.")]
    public static partial void Resynchronized(ILogger logger, int pages, int invalidations);

    [LoggerMessage(903, LogLevel.Warning, "Re-checking the memory tier against Redis failed ({Suppressed} more since the last report); it is tried again on the next reconnection.")]
    public static partial void ResynchronizeFailed(ILogger logger, int suppressed, Exception exception);

    [LoggerMessage(904, LogLevel.Warning, "A Redis render lease operation for {Key} failed ({Suppressed} more since the last report); this instance renders without it.")]
    public static partial void LeaseFailed(ILogger logger, string key, int suppressed, Exception exception);

    [LoggerMessage(905, LogLevel.Warning, "Taking a version number from Redis failed ({Suppressed} more since the last report); a local number orders this render.")]
    public static partial void SequenceFailed(ILogger logger, int suppressed, Exception exception);

    [LoggerMessage(906, LogLevel.Warning, "Sending on-demand page uses to the Redis ledger failed ({Suppressed} more since the last report); they are dropped, and pages forgotten are sent again with the next batch.")]
    public static partial void LedgerFlushFailed(ILogger logger, int suppressed, Exception exception);

    [LoggerMessage(920, LogLevel.Warning, "Telling Redis this instance is alive failed ({Suppressed} more since the last report); confirmed revalidations elsewhere may not wait for it.")]
    public static partial void HeartbeatFailed(ILogger logger, int suppressed, Exception exception);

    [LoggerMessage(921, LogLevel.Warning, "A confirmed revalidation could not ask the other instances ({Suppressed} more since the last report); they are reported as lagging.")]
    public static partial void ConfirmFailed(ILogger logger, int suppressed, Exception exception);

    [LoggerMessage(922, LogLevel.Warning, "Acknowledging a confirmed revalidation from {Instance} failed ({Suppressed} more since the last report).")]
    public static partial void AcknowledgeFailed(ILogger logger, string instance, int suppressed, Exception exception);

    [LoggerMessage(907, LogLevel.Warning, "Redis lost its data (epoch {Known} is now {Epoch}): every page this instance holds numbered up to {UpTo} is stale and rendered again.")]
    public static partial void DataLost(ILogger logger, string known, string epoch, long upTo);

    [LoggerMessage(908, LogLevel.Warning, "Redis hands out numbers again: {Pages} pages this instance stored with local numbers (up to {UpTo}) are stale and rendered again.")]
    public static partial void LocalNumbersRetired(ILogger logger, int pages, long upTo);

    [LoggerMessage(909, LogLevel.Warning, "Sending page hits to Redis failed ({Suppressed} more since the last report); they are dropped (they only order pre-rendering).")]
    public static partial void HitsFlushFailed(ILogger logger, int suppressed, Exception exception);

    [LoggerMessage(910, LogLevel.Warning, "Reading the shared page hit counts from Redis failed ({Suppressed} more since the last report); pre-rendering orders pages by the counts last read.")]
    public static partial void HitsLoadFailed(ILogger logger, int suppressed, Exception exception);
}
