using System.Collections.Concurrent;

namespace IsrMiddleware.Storage;

/// <summary>
/// The tags of the pages on disk, kept in memory. Built on first use by reading only the header of each page file,
/// so tags survive a restart; kept current by every write and removal.
/// </summary>
internal sealed class DiskTagIndex
{
    private readonly ConcurrentDictionary<string, string[]> _tagsByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _removed = new(StringComparer.Ordinal);
    private readonly Lazy<Task> _scan;

    public DiskTagIndex(string root, string extension)
    {
        _scan = new(() => Task.Run(() => ScanAsync(root, extension)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public void Set(string key, IReadOnlyList<string> tags)
    {
        _removed.TryRemove(key, out _);
        _tagsByKey[key] = [.. tags];
    }

    public void Remove(string key)
    {
        _tagsByKey.TryRemove(key, out _);
        if (!_scan.IsValueCreated || !_scan.Value.IsCompleted)
        {
            _removed[key] = 0;
        }
    }

    public async ValueTask<IReadOnlyList<string>> GetKeysAsync(string tag, CancellationToken cancellationToken)
    {
        await _scan.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        foreach (var (key, tags) in _tagsByKey)
        {
            if (Array.IndexOf(tags, tag) >= 0)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private async Task ScanAsync(string folder, string pattern)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

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

            // A write or removal that happened while scanning is newer than what the file said.
            if (header is not null && !_removed.ContainsKey(header.Key))
            {
                _tagsByKey.TryAdd(header.Key, header.Tags);
            }
        }

        _removed.Clear();
    }
}
