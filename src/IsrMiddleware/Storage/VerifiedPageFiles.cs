using System.Collections.Concurrent;

namespace IsrMiddleware.Storage;

/// <summary>
/// The page files this process wrote or already checked in full, with their metadata. A later read of the same
/// file (same length) takes the metadata from here and slices the body, instead of parsing the header and hashing
/// the body again. Bounded; cleared when full. Assumes one process per cache folder.
/// </summary>
internal sealed class VerifiedPageFiles
{
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _count;

    public void Remember(StoredPage page, long fileLength)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        var metadata = new StoredPage
        {
            Key = page.Key,
            StatusCode = page.StatusCode,
            ContentType = page.ContentType,
            Headers = page.Headers,
            ETag = page.ETag,
            GeneratedAt = page.GeneratedAt,
            Tags = page.Tags,
            Declared = page.Declared,
            MarkedStale = page.MarkedStale,
        };
        _entries[page.Key] = new Entry(metadata, fileLength, page.Body.Length, page.BrotliBody.Length, page.GzipBody.Length);
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    /// <summary>The page in a file read again, or <see langword="null"/> when the file is not the one remembered.</summary>
    public StoredPage? TryRebuild(string key, byte[] file)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.FileLength != file.Length)
        {
            return null;
        }

        var payload = file.AsMemory(file.Length - entry.BodyLength - entry.BrotliLength - entry.GzipLength);
        var page = entry.Metadata;
        return new StoredPage
        {
            Key = page.Key,
            StatusCode = page.StatusCode,
            ContentType = page.ContentType,
            Headers = page.Headers,
            Body = payload[..entry.BodyLength],
            BrotliBody = payload.Slice(entry.BodyLength, entry.BrotliLength),
            GzipBody = payload[(entry.BodyLength + entry.BrotliLength)..],
            ETag = page.ETag,
            GeneratedAt = page.GeneratedAt,
            Tags = page.Tags,
            Declared = page.Declared,
            MarkedStale = page.MarkedStale,
        };
    }

    private sealed record Entry(StoredPage Metadata, long FileLength, int BodyLength, int BrotliLength, int GzipLength);
}
