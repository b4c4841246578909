using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Store;

namespace IsrMiddleware.Engine;

/// <summary>The memory tier: a private <see cref="MemoryCache"/> whose size limit counts the bytes each page takes.</summary>
internal sealed class MemoryPageCache : IDisposable
{
    private const int EntryOverhead = 512;

    private readonly MemoryCache _cache;
    private readonly ILogger<MemoryPageCache> _logger;
    private readonly long _limit;

    public MemoryPageCache(IOptions<StaticParamsOptions> options, ILogger<MemoryPageCache> logger)
    {
        _logger = logger;
        _limit = options.Value.MemoryLimitBytes;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MemoryLimitBytes, TrackStatistics = true });
    }

    public bool TryGet(string key, out StoredPage? page) => _cache.TryGetValue(key, out page);

    public void Set(StoredPage page)
    {
        var size = SizeOf(page);
        if (size > _limit)
        {
            // Never fits: inserting would only be refused (and reported as an eviction) on every read.
            _cache.Remove(page.Key);
            return;
        }

        using var entry = _cache.CreateEntry(page.Key);
        entry.Value = page;
        entry.Size = size;
        entry.Priority = page.Declared ? CacheItemPriority.High : CacheItemPriority.Normal;
        if (page.Declared)
        {
            entry.RegisterPostEvictionCallback(LogDeclaredEviction, _logger);
        }
    }

    public void Remove(string key) => _cache.Remove(key);

    /// <summary>The largest page the tier can hold, in stored bytes: a larger one is never kept.</summary>
    public long Limit => _limit;

    public long Count => _cache.Count;

    public long EstimatedBytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public void Dispose() => _cache.Dispose();

    private static void LogDeclaredEviction(object key, object? value, EvictionReason reason, object? state)
    {
        if (reason is EvictionReason.Capacity or EvictionReason.Expired)
        {
            StorageLog.DeclaredPageLeftMemory((ILogger)state!, (string)key, reason.ToString());
        }
    }

    private static long SizeOf(StoredPage page)
    {
        long size = EntryOverhead + page.Key.Length * 2L + page.StoredBytes;
        foreach (var (name, value) in page.Headers)
        {
            size += (name.Length + value.Length) * 2L;
        }

        return size;
    }
}
