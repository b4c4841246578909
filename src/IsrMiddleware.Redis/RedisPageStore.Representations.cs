using System.Collections.Concurrent;
using StackExchange.Redis;

namespace IsrMiddleware.Redis;

/// <summary>
/// Reads for one response of pages the caller does not keep (larger than its memory tier): after one whole read, the
/// page's variants are known, and later reads fetch the metadata and the one representation the request takes in one
/// <c>HMGET</c> (a script choosing the field on the server measured twice the time of a plain read). That read takes the
/// version number rather than the metadata: a version's page is written once with its number (an equal number is the
/// same render stored again), so the metadata parsed at the whole read still describes it.
/// </summary>
internal sealed partial class RedisPageStore
{
    private const int MaxRememberedPages = 10_000;

    private static readonly RedisValue VersionField = "v";

    /// <summary>Pages too large to keep, as their whole read found them, without bodies.</summary>
    private readonly ConcurrentDictionary<string, StoredPage> _largePages = new(StringComparer.Ordinal);

    public async ValueTask<StoredPage?> GetAsync(string key, AcceptedEncodings accepted, long wholeUpTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_largePages.TryGetValue(key, out var known))
        {
            return await ReadWholeAsync(key, wholeUpTo, cancellationToken).ConfigureAwait(false);
        }

        var encoding = accepted.Choose(known.HasBrotli, known.HasGzip);
        var values = await Db.HashGetAsync(_keys.Page(key), [VersionField, FieldOf(encoding)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        var page = values[0].TryParse(out long version) && version == known.Version ? known : null;
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
        var (header, page) = await ReadPageAsync(key, cancellationToken).ConfigureAwait(false);
        if (header is null || page is null)
        {
            return null;
        }

        if (header.StoredBytes > wholeUpTo)
        {
            if (_largePages.Count >= MaxRememberedPages)
            {
                _largePages.Clear();
            }

            var template = page with { Body = default, BrotliBody = default, GzipBody = default, HasBrotli = header.HasBrotli, HasGzip = header.HasGzip };
            _largePages[key] = template;
        }

        return page;
    }

    private static RedisValue FieldOf(PageEncoding encoding) => encoding switch
    {
        PageEncoding.Brotli => PageFields[2],
        PageEncoding.Gzip => PageFields[3],
        _ => PageFields[1],
    };
}
