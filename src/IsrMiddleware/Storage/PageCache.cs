using IsrMiddleware.Diagnostics;
using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Storage;

/// <summary>
/// The tiers together: memory over the durable store. A durable hit is promoted to memory; a durable store that
/// fails is logged and skipped, so serving goes on from memory and renders.
/// </summary>
internal sealed class PageCache(MemoryPageCache memory, IPageStore durable, TimeProvider time, ILogger<PageCache> logger)
{
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);

    private readonly LogThrottle _readErrors = new(time, ErrorLogInterval);
    private readonly LogThrottle _writeErrors = new(time, ErrorLogInterval);

    public async ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (memory.TryGet(key, out var page))
        {
            return page;
        }

        try
        {
            page = await durable.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (_readErrors.ShouldLog(out var suppressed))
            {
                StorageLog.DurableReadFailed(logger, key, suppressed, ex);
            }

            return null;
        }

        if (page is not null)
        {
            memory.Set(page);
        }

        return page;
    }

    /// <summary>Stores a version in both tiers unless the durable tier holds a newer one; returns the version now current.</summary>
    public async ValueTask<StoredPage> SetAsync(StoredPage page, CancellationToken cancellationToken)
    {
        try
        {
            if (!await durable.SetAsync(page, cancellationToken).ConfigureAwait(false))
            {
                memory.Remove(page.Key);
                return await GetAsync(page.Key, cancellationToken).ConfigureAwait(false) ?? page;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailure(page.Key, ex);
        }

        memory.Set(page);
        return page;
    }

    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        memory.Remove(key);
        try
        {
            await durable.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailure(key, ex);
        }
    }

    private void LogWriteFailure(string key, Exception exception)
    {
        if (_writeErrors.ShouldLog(out var suppressed))
        {
            StorageLog.DurableWriteFailed(logger, key, suppressed, exception);
        }
    }
}
