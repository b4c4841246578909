using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Model;

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

    public void Remember(StoredPage page, byte[] file, string path)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        var metadata = page with { Body = default, BrotliBody = default, GzipBody = default };
        // The header names the version (and its ETag): a file of the same length but another version never matches.
        var header = file.AsSpan(0, (int)(file.Length - page.StoredBytes)).ToArray();
        var entry = new Entry(metadata, path, file.Length, header, page.Body.Length, page.BrotliBody.Length, page.GzipBody.Length);

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

    /// <summary>What this process knows of a verified file: the page without its bodies, where each representation lies.</summary>
    public bool TryGet(string key, [NotNullWhen(true)] out Entry? entry) => _entries.TryGetValue(key, out entry);

    internal sealed record Entry(StoredPage Metadata, string Path, long FileLength, byte[] Header, int BodyLength, int BrotliLength, int GzipLength)
    {
        public long StoredBytes => (long)BodyLength + BrotliLength + GzipLength;

        /// <summary>Where a representation starts in the file (the header comes first, then body, Brotli, gzip).</summary>
        public long OffsetOf(PageEncoding encoding) => FileLength - StoredBytes + encoding switch
        {
            PageEncoding.Brotli => BodyLength,
            PageEncoding.Gzip => (long)BodyLength + BrotliLength,
            _ => 0,
        };

        public int LengthOf(PageEncoding encoding) => encoding switch
        {
            PageEncoding.Brotli => BrotliLength,
            PageEncoding.Gzip => GzipLength,
            _ => BodyLength,
        };

        /// <summary>A copy of the page holding only <paramref name="encoding"/>'s bytes, to answer one request.</summary>
        public StoredPage WithOnly(PageEncoding encoding, PooledBytes lease)
        {
            ReadOnlyMemory<byte> bytes = lease.Memory;
            return Metadata with
            {
                Representation = encoding,
                Lease = lease,
                HasBrotli = BrotliLength > 0,
                HasGzip = GzipLength > 0,
                Body = encoding == PageEncoding.Identity ? bytes : default,
                BrotliBody = encoding == PageEncoding.Brotli ? bytes : default,
                GzipBody = encoding == PageEncoding.Gzip ? bytes : default,
            };
        }
    }
}
