using Microsoft.Extensions.Logging;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Model;
using IsrMiddleware.Store;

namespace IsrMiddleware.Engine;

/// <summary>
/// The only door to the durable tier: memory over the store. A durable hit is promoted to memory; every change is
/// announced on the change feed, whose listener here keeps the memory tier coherent with changes made elsewhere; the
/// on-demand caps are kept here. A store that fails to read or write is logged at a bounded rate and skipped, so
/// serving goes on from memory and renders.
/// </summary>
internal sealed class PageCache : IDisposable
{
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);

    private readonly MemoryPageCache _memory;
    private readonly IPageStore _durable;
    private readonly IPageChangeFeed _feed;
    private readonly OnDemandCaps _onDemand;
    private readonly TimeProvider _time;
    private readonly ILogger<PageCache> _logger;
    private readonly LogThrottle _readErrors;
    private readonly LogThrottle _writeErrors;
    private readonly IDisposable _subscription;

    public PageCache(MemoryPageCache memory, IPageStore durable, IPageChangeFeed feed, OnDemandCaps onDemand, TimeProvider time, ILogger<PageCache> logger)
    {
        _memory = memory;
        _durable = durable;
        _feed = feed;
        _onDemand = onDemand;
        _time = time;
        _logger = logger;
        _readErrors = new(time, ErrorLogInterval);
        _writeErrors = new(time, ErrorLogInterval);
        _subscription = feed.Subscribe(OnChange);
    }

    public ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken) =>
        _memory.TryGet(key, out var page) ? new(page) : ReadDurableAsync(key, accepted: null, cancellationToken);

    /// <summary>
    /// A page to answer one request: from memory, else from the store, which reads only the representation the request
    /// accepts when the page is too large for the memory tier to keep (such a copy is sent and dropped).
    /// </summary>
    public ValueTask<StoredPage?> GetForResponseAsync(string key, AcceptedEncodings accepted, CancellationToken cancellationToken) =>
        _memory.TryGet(key, out var page) ? new(page) : ReadDurableAsync(key, accepted, cancellationToken);

    private async ValueTask<StoredPage?> ReadDurableAsync(string key, AcceptedEncodings? accepted, CancellationToken cancellationToken)
    {
        StoredPage? page;
        try
        {
            page = accepted is { } encodings
                ? await _durable.GetAsync(key, encodings, _memory.Limit, cancellationToken).ConfigureAwait(false)
                : await _durable.GetAsync(key, cancellationToken).ConfigureAwait(false);

            // A shell with live holes is cut from its identity body, whatever the request accepts.
            if (page is { Representation: not (null or PageEncoding.Identity) } && HoleMarkers.NonceOf(page.Headers) is not null)
            {
                page = await _durable.GetAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailure(key, ex);
            return null;
        }

        if (page is null)
        {
            return null;
        }

        // A write that landed while this read waited on the store put a newer version in memory: keep it.
        if (_memory.TryGet(key, out var newer) && newer is not null && newer.Version >= page.Version)
        {
            return newer;
        }

        if (page.Representation is not null)
        {
            return page;
        }

        _memory.Set(page);
        return page;
    }

    /// <summary>Whether the durable tier is this process's own (it keeps every key in memory, as the disk store does) rather than shared.</summary>
    public bool IsOwnStore => _durable is IPageKeyPool;

    public long MemoryCount => _memory.Count;

    public long MemoryEstimatedBytes => _memory.EstimatedBytes;

    /// <summary>The memory tier's copy of a page, if it holds one.</summary>
    public StoredPage? PeekMemory(string key) => _memory.TryGet(key, out var page) ? page : null;

    /// <summary>A stored page's metadata, from memory when it is there, without reading a body otherwise.</summary>
    public async ValueTask<PageMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken)
    {
        if (_memory.TryGet(key, out var page) && page is not null)
        {
            return page.ToMetadata();
        }

        try
        {
            return await _durable.GetMetadataAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailure(key, ex);
            return null;
        }
    }

    /// <summary>Stores a version in both tiers unless the store holds a newer one; returns the version now current.</summary>
    public async ValueTask<StoredPage> SetAsync(StoredPage page, CancellationToken cancellationToken)
    {
        try
        {
            if (!await _durable.SetAsync(page, cancellationToken).ConfigureAwait(false))
            {
                _memory.Remove(page.Key);
                return await GetAsync(page.Key, cancellationToken).ConfigureAwait(false) ?? page;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailure(page.Key, ex);
        }

        _memory.Set(page);
        await _feed.PublishAsync(new PageChange(PageChangeKind.Stored, page.Key, page.Version), cancellationToken).ConfigureAwait(false);
        if (!page.Declared)
        {
            var evicted = await _onDemand.RecordAsync(new OnDemandPage(page.Key, page.Version, page.StoredBytes), cancellationToken).ConfigureAwait(false);
            await EvictAsync(evicted, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _onDemand.ForgetAsync(page.Key, page.Version, cancellationToken).ConfigureAwait(false);
        }

        return page;
    }

    /// <summary>Removes a page from both tiers unless the store holds a version newer than <paramref name="upToVersion"/>.</summary>
    public async ValueTask RemoveAsync(string key, long upToVersion, CancellationToken cancellationToken)
    {
        _memory.Remove(key);
        await _onDemand.ForgetAsync(key, upToVersion, cancellationToken).ConfigureAwait(false);
        try
        {
            await _durable.RemoveAsync(key, upToVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailure(key, ex);
        }

        await _feed.PublishAsync(new PageChange(PageChangeKind.Removed, key, upToVersion), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<long> NextVersionAsync(CancellationToken cancellationToken) => _durable.NextVersionAsync(cancellationToken);

    /// <summary>Records an invalidation durably, then announces it; throws when the store cannot record it.</summary>
    public async ValueTask<Invalidation> InvalidateAsync(InvalidationKind kind, string target, CancellationToken cancellationToken)
    {
        var invalidation = await _durable.RecordInvalidationAsync(kind, target, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await _feed.PublishAsync(new PageChange(PageChangeKind.Invalidated, target, invalidation.Version, invalidation), cancellationToken).ConfigureAwait(false);
        return invalidation;
    }

    public ValueTask<IReadOnlyCollection<Invalidation>> GetInvalidationsAsync(CancellationToken cancellationToken) =>
        _durable.GetInvalidationsAsync(cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken) =>
        _durable.GetKeysByTagAsync(tag, cancellationToken);

    public ValueTask<IReadOnlyCollection<PageMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken) =>
        _durable.GetAllMetadataAsync(cancellationToken);

    /// <summary>The keys of the stored pages under a prefix: from the store's in-memory keys when it has them, else from every page's metadata.</summary>
    public async ValueTask<IReadOnlyList<string>> GetKeysWithPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        if (_durable is IPageKeyPool pool)
        {
            return await pool.GetKeysWithPrefixAsync(prefix, cancellationToken).ConfigureAwait(false);
        }

        var all = await _durable.GetAllMetadataAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Select(page => page.Key).Where(key => key.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>One hit in this many is counted: traffic needs proportions, not every hit.</summary>
    private const int HitSampling = 8;

    /// <summary>
    /// A stored page was served: one hit in <see cref="HitSampling"/>, drawn at random (a counter would follow the
    /// order of requests and could skip one page's hits altogether), is counted by a store that keeps traffic.
    /// </summary>
    public void CountHit(string key)
    {
        if (Random.Shared.Next(HitSampling) == 0 && _durable is IPageTraffic traffic)
        {
            traffic.CountHit(key);
        }
    }

    /// <summary>A stored page's decayed hit count, 0 from a store that keeps none.</summary>
    public int HitsOf(string key) => _durable is IPageTraffic traffic ? traffic.HitsOf(key) : 0;

    /// <summary>Has the store load the counts <see cref="HitsOf"/> answers from; when it fails, pages keep the counts last loaded.</summary>
    public async ValueTask LoadHitsAsync(CancellationToken cancellationToken)
    {
        if (_durable is not IPageTraffic traffic)
        {
            return;
        }

        try
        {
            await traffic.LoadHitsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            StorageLog.HitsLoadFailed(_logger, ex);
        }
    }

    /// <summary>A hit on a page created on demand: it becomes the last to be evicted.</summary>
    public void Touch(string key) => _onDemand.Touch(key);

    /// <summary>Counts the pages created on demand before a restart against the on-demand caps, oldest first.</summary>
    public async Task RestoreOnDemandPagesAsync(IEnumerable<PageMetadata> stored, CancellationToken cancellationToken)
    {
        var pages = stored.Where(page => !page.Declared).OrderBy(page => page.Version)
            .Select(page => new OnDemandPage(page.Key, page.Version, page.StoredBytes)).ToList();
        var evicted = await _onDemand.RestoreAsync(pages, cancellationToken).ConfigureAwait(false);
        await EvictAsync(evicted, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>
    /// Removes the versions the ledger counted, never a newer one (another instance may have stored one meanwhile), and
    /// announces it so every instance drops its memory copy.
    /// </summary>
    private async ValueTask EvictAsync(IReadOnlyList<OnDemandPage> evicted, CancellationToken cancellationToken)
    {
        foreach (var page in evicted)
        {
            if (_memory.TryGet(page.Key, out var held) && (held is null || held.Version <= page.Version))
            {
                _memory.Remove(page.Key);
            }

            try
            {
                await _durable.RemoveAsync(page.Key, page.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWriteFailure(page.Key, ex);
            }

            await _feed.PublishAsync(new PageChange(PageChangeKind.Removed, page.Key, page.Version), cancellationToken).ConfigureAwait(false);
            StorageLog.OnDemandPageEvicted(_logger, page.Key);
        }
    }

    /// <summary>A version stored or removed elsewhere makes the memory copy out of date.</summary>
    private void OnChange(PageChange change)
    {
        switch (change.Kind)
        {
            case PageChangeKind.Stored when _memory.TryGet(change.Key, out var page) && page is not null && page.Version < change.Version:
                _memory.Remove(change.Key);
                break;
            case PageChangeKind.Removed:
                _onDemand.Removed(change.Key, change.Version);
                if (_memory.TryGet(change.Key, out var held) && held is not null && held.Version <= change.Version)
                {
                    _memory.Remove(change.Key);
                }

                break;
        }
    }

    private void LogReadFailure(string key, Exception exception)
    {
        if (_readErrors.ShouldLog(out var suppressed))
        {
            StorageLog.DurableReadFailed(_logger, key, suppressed, exception);
        }
    }

    private void LogWriteFailure(string key, Exception exception)
    {
        if (_writeErrors.ShouldLog(out var suppressed))
        {
            StorageLog.DurableWriteFailed(_logger, key, suppressed, exception);
        }
    }
}
