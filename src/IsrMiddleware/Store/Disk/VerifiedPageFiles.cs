using System.Collections.Concurrent;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Store;

/// <summary>
/// The page files this process wrote or already checked in full, with their metadata. A later read of the same
/// file (same length, same header bytes) takes the metadata from here and slices the body, instead of parsing the header and hashing
/// the body again (its header bytes must match). Bounded; cleared when full. Assumes one process per cache folder.
/// </summary>
internal sealed class VerifiedPageFiles
{
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _count;

    public void Remember(StoredPage page, byte[] file)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        var metadata = page with { Body = default, BrotliBody = default, GzipBody = default };
        // The header names the version (and its ETag): a file of the same length but another version never matches.
        var header = file.AsSpan(0, (int)(file.Length - page.StoredBytes)).ToArray();
        var entry = new Entry(metadata, file.Length, header, page.Body.Length, page.BrotliBody.Length, page.GzipBody.Length);

        // A read that raced a write may remember the version it read after the writer remembered the new one.
        _entries.AddOrUpdate(page.Key, entry, (_, known) => known.Metadata.Version > page.Version ? known : entry);
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    /// <summary>The page in a file read again, or <see langword="null"/> when the file is not the one remembered.</summary>
    public StoredPage? TryRebuild(string key, byte[] file)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.FileLength != file.Length
            || !file.AsSpan(0, entry.Header.Length).SequenceEqual(entry.Header))
        {
            return null;
        }

        var payload = file.AsMemory(file.Length - entry.BodyLength - entry.BrotliLength - entry.GzipLength);
        return entry.Metadata with
        {
            Body = payload[..entry.BodyLength],
            BrotliBody = payload.Slice(entry.BodyLength, entry.BrotliLength),
            GzipBody = payload[(entry.BodyLength + entry.BrotliLength)..],
        };
    }

    private sealed record Entry(StoredPage Metadata, long FileLength, byte[] Header, int BodyLength, int BrotliLength, int GzipLength);
}
