using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Store;

internal static partial class StorageLog
{
    [LoggerMessage(300, LogLevel.Warning, "Page file {Path} is corrupt or truncated; it was dropped and the page will be rendered again.")]
    public static partial void CorruptPageFile(ILogger logger, string path);

    [LoggerMessage(301, LogLevel.Warning, "Reading page {Key} from the durable store failed ({Suppressed} more since the last report); serving continues without it.")]
    public static partial void DurableReadFailed(ILogger logger, string key, int suppressed, Exception exception);

    [LoggerMessage(302, LogLevel.Warning, "Writing page {Key} to the durable store failed ({Suppressed} more since the last report); it is kept in memory only.")]
    public static partial void DurableWriteFailed(ILogger logger, string key, int suppressed, Exception exception);

    [LoggerMessage(304, LogLevel.Information, "On-demand page {Key} evicted: the on-demand page or byte cap was reached")]
    public static partial void OnDemandPageEvicted(ILogger logger, string key);

    [LoggerMessage(305, LogLevel.Information, "Pre-rendered page {Key} left the memory tier ({Reason}); it is still served from the durable tier")]
    public static partial void DeclaredPageLeftMemory(ILogger logger, string key, string reason);

    [LoggerMessage(303, LogLevel.Information, "Deleted {Count} temporary page files left by an interrupted write.")]
    public static partial void TemporaryFilesDeleted(ILogger logger, int count);

    [LoggerMessage(306, LogLevel.Error, "A page change listener failed for {Kind} {Key}")]
    public static partial void ChangeListenerFailed(ILogger logger, PageChangeKind kind, string key, Exception exception);

    [LoggerMessage(307, LogLevel.Warning, "The shared on-demand page ledger failed ({Suppressed} more since the last report); this instance's own count keeps the on-demand caps meanwhile.")]
    public static partial void OnDemandLedgerFailed(ILogger logger, int suppressed, Exception exception);

    [LoggerMessage(308, LogLevel.Information, "Disk index loaded: {Count} pages from the {Source}")]
    public static partial void IndexLoaded(ILogger logger, int count, string source);

    [LoggerMessage(309, LogLevel.Warning, "Writing the disk index's snapshot failed; the next start reads the journals or scans the page files")]
    public static partial void IndexSnapshotFailed(ILogger logger, Exception exception);

    [LoggerMessage(310, LogLevel.Warning, "Loading the pages' hit counts from the durable store failed; pre-rendering orders the pages by the counts last loaded.")]
    public static partial void HitsLoadFailed(ILogger logger, Exception exception);
}
