using System.Collections.Concurrent;
using StackExchange.Redis;

namespace IsrMiddleware.Redis;

/// <summary>
/// Reads for one response of pages the caller does not keep (larger than its memory tier): after one whole read, the
/// page's variants are known, and later reads fetch the metadata and the one representation the request takes in one
/// <c>HMGET</c> (a script choosing the field on the server measured twice the time of a plain read). The metadata's
/// bytes are compared with those parsed last time, so an unchanged version is not parsed again.
/// </summary>
internal sealed partial class RedisPageStore
{
    private const int MaxRememberedPages = 10_000;

    private readonly ConcurrentDictionary<string, LargePage> _largePages = new(StringComparer.Ordinal);

    public async ValueTask<StoredPage?> GetAsync(string key, AcceptedEncodings accepted, long wholeUpTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_largePages.TryGetValue(key, out var known))
        {
            return await ReadWholeAsync(key, wholeUpTo, cancellationToken).ConfigureAwait(false);
        }

        var encoding = accepted.Choose(known.Template.HasBrotli, known.Template.HasGzip);
        var values = await Db.HashGetAsync(_keys.Page(key), [PageFields[0], FieldOf(encoding)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        var page = known.Meta.AsSpan().SequenceEqual(((ReadOnlyMemory<byte>)values[0]).Span) ? known.Template : null;
        if (page is null)
        {
            // Gone, or another version: read it as it is now.
            _largePages.TryRemove(key, out _);
            return values[0].IsNull ? null : await ReadWholeAsync(key, wholeUpTo, cancellationToken).ConfigureAwait(false);
        }

        Seen(page.Version);
        var bytes = Bytes(values[1]);
        return page with
        {
            Representation = encoding,
            Body = encoding == PageEncoding.Identity ? bytes : default,
            BrotliBody = encoding == PageEncoding.Brotli ? bytes : default,
            GzipBody = encoding == PageEncoding.Gzip ? bytes : default,
        };
    }

    private async ValueTask<StoredPage?> ReadWholeAsync(string key, long wholeUpTo, CancellationToken cancellationToken)
    {
        var values = await Db.HashGetAsync(_keys.Page(key), PageFields).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (ParseHeader(key, values[0]) is not { } header)
        {
            return null;
        }

        Seen(header.Version);
        var page = header.ToPage(Bytes(values[1]), Bytes(values[2]), Bytes(values[3]));
        if (header.StoredBytes > wholeUpTo)
        {
            if (_largePages.Count >= MaxRememberedPages)
            {
                _largePages.Clear();
            }

            var template = page with { Body = default, BrotliBody = default, GzipBody = default, HasBrotli = header.HasBrotli, HasGzip = header.HasGzip };
            _largePages[key] = new LargePage((byte[])values[0]!, template);
        }

        return page;
    }

    private static RedisValue FieldOf(PageEncoding encoding) => encoding switch
    {
        PageEncoding.Brotli => PageFields[2],
        PageEncoding.Gzip => PageFields[3],
        _ => PageFields[1],
    };

    /// <summary>A page too large to keep: its metadata's bytes as stored, and the page they describe, without bodies.</summary>
    private sealed record LargePage(byte[] Meta, StoredPage Template);
}
