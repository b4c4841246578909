using System.Collections.Concurrent;

namespace IsrMiddleware.Store;

/// <summary>
/// The metadata of the pages on disk, kept in memory: built on first use by reading only the header of each page
/// file (so tags and versions survive a restart without reading bodies), kept current by every write and removal.
/// </summary>
internal sealed class DiskPageIndex
{
    private readonly ConcurrentDictionary<string, PageMetadata> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);
    private readonly Lazy<Task> _scan;

    public DiskPageIndex(string root, string extension)
    {
        _scan = new(() => Task.Run(() => ScanAsync(root, extension)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether the scan has finished: from then on, a key absent here has no file.</summary>
    public bool IsBuilt => _scan.IsValueCreated && _scan.Value.IsCompletedSuccessfully;

    /// <summary>The highest version found on disk by the scan.</summary>
    public long MaxScannedVersion { get; private set; }

    public Task WhenBuilt => _scan.Value;

    public bool Contains(string key) => _pages.ContainsKey(key);

    public void Set(StoredPage page)
    {
        _changed[page.Key] = 0;
        _pages[page.Key] = page.ToMetadata();
    }

    public void Remove(string key)
    {
        _changed[key] = 0;
        _pages.TryRemove(key, out _);
    }

    public async ValueTask<IReadOnlyCollection<PageMetadata>> GetAllAsync(CancellationToken cancellationToken)
    {
        await _scan.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. _pages.Values];
    }

    public async ValueTask<PageMetadata?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await _scan.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _pages.GetValueOrDefault(key);
    }

    public async ValueTask<IReadOnlyList<string>> GetKeysAsync(string tag, CancellationToken cancellationToken)
    {
        await _scan.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        foreach (var (key, page) in _pages)
        {
            if (page.Tags.Contains(tag, StringComparer.Ordinal))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>
    /// Whether an invalidation can still concern a stored page: one of its pages (the path's, or one carrying the tag)
    /// has a version no newer than the record. Built once from the index as it is now.
    /// </summary>
    public Func<Invalidation, bool> ConcernTest()
    {
        var oldestByTag = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var page in _pages.Values)
        {
            foreach (var tag in page.Tags)
            {
                oldestByTag[tag] = oldestByTag.TryGetValue(tag, out var oldest) ? Math.Min(oldest, page.Version) : page.Version;
            }
        }

        return record => record.Kind == InvalidationKind.Path
            ? _pages.TryGetValue(record.Target, out var page) && page.Version <= record.Version
            : oldestByTag.TryGetValue(record.Target, out var oldest) && oldest <= record.Version;
    }

    private async Task ScanAsync(string folder, string pattern)
    {
        long maxVersion = 0;
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*" + pattern, SearchOption.AllDirectories))
            {
                PageFileHeader? header;
                try
                {
                    await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
                    header = await PageFileFormat.ReadHeaderAsync(stream, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (header is null)
                {
                    continue;
                }

                maxVersion = Math.Max(maxVersion, header.Version);

                // A write or removal made while scanning is newer than what the file said.
                if (!_changed.ContainsKey(header.Key))
                {
                    _pages.TryAdd(header.Key, new PageMetadata(
                        header.Key, header.Route, header.Version, header.BuildId, header.GeneratedAt, header.Declared,
                        header.BodyLength + header.BrotliLength + header.GzipLength, header.Tags)
                    {
                        HasBrotli = header.BrotliLength > 0,
                        HasGzip = header.GzipLength > 0,
                    });
                }
            }
        }

        MaxScannedVersion = maxVersion;
        _changed.Clear();
    }
}
