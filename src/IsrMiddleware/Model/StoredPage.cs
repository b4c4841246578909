using IsrMiddleware.Model;

namespace IsrMiddleware;

/// <summary>One stored version of a page: what a render answered, ready to be served again.</summary>
public sealed record StoredPage
{
    /// <summary>The page key: the canonical path bound from the route pattern and values.</summary>
    public required string Key { get; init; }

    /// <summary>200 for a page, or a 3xx status for a stored redirect.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The response's content type.</summary>
    public string? ContentType { get; init; }

    /// <summary>The safe response headers kept from the render (for a redirect, its <c>Location</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The response body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The body compressed with Brotli when the page was stored; empty when not worth it.</summary>
    public ReadOnlyMemory<byte> BrotliBody { get; init; }

    /// <summary>The body compressed with gzip when the page was stored; empty when not worth it.</summary>
    public ReadOnlyMemory<byte> GzipBody { get; init; }

    /// <summary>The strong entity tag of this version, quoted.</summary>
    public required string ETag { get; init; }

    /// <summary>When the render that produced this version ran (wall clock): the page's age is measured from it.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>
    /// The store's sequence number taken when the render started: orders versions of one key, and tells whether the
    /// render started after an invalidation.
    /// </summary>
    public long Version { get; init; }

    /// <summary>The build that rendered this version; pages of another build are never fresh.</summary>
    public string? BuildId { get; init; }

    /// <summary>The route pattern that rendered this version; another route's page is never served for it.</summary>
    public string? Route { get; init; }

    /// <summary>The route's tags and those the page added while rendering.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Whether the page's params were declared by a provider (pre-rendered) rather than requested on demand.</summary>
    public bool Declared { get; init; }

    /// <summary>
    /// <see langword="null"/> for a whole version. Set by a store that read one representation to answer one request
    /// (see <see cref="IPageStore.GetAsync(string, AcceptedEncodings, long, CancellationToken)"/>): the only body this
    /// copy holds, the others being empty. Such a copy is sent, never kept.
    /// </summary>
    public PageEncoding? Representation { get; init; }

    /// <summary>Whether the version has a Brotli variant; set by a store when this copy holds another representation.</summary>
    public bool HasBrotli
    {
        get => _hasBrotli ?? !BrotliBody.IsEmpty;
        init => _hasBrotli = value;
    }

    /// <summary>Whether the version has a gzip variant; set by a store when this copy holds another representation.</summary>
    public bool HasGzip
    {
        get => _hasGzip ?? !GzipBody.IsEmpty;
        init => _hasGzip = value;
    }

    /// <summary>The pooled buffer a copy read for one response holds its body in, given back once that response is written.</summary>
    internal IDisposable? Lease { get; init; }

    private readonly bool? _hasBrotli;
    private readonly bool? _hasGzip;

    // Variant validators, made once per version: a strong ETag differs between representations.
    private string? _brotliETag;
    private string? _gzipETag;
    private string? _esiETag;
    private HoleLayout? _holes;

    internal string BrotliETag => _brotliETag ??= VariantETag("br");

    internal string GzipETag => _gzipETag ??= VariantETag("gz");

    internal string EsiETag => _esiETag ??= VariantETag("esi");

    /// <summary>The page cut at its live holes (<see cref="HoleLayout.None"/> for a page without), parsed once per version.</summary>
    internal HoleLayout Holes
    {
        get
        {
            // Checked against the body it was cut from: a copy made with another body must not reuse this one's cut.
            if (_holes is { } holes && (holes == HoleLayout.None || holes.Source.Equals(Body)))
            {
                return holes;
            }

            return _holes = HoleMarkers.NonceOf(Headers) is { } nonce ? HoleLayout.Parse(Body, nonce) ?? HoleLayout.None : HoleLayout.None;
        }
    }

    internal long StoredBytes => Body.Length + BrotliBody.Length + GzipBody.Length;

    private string VariantETag(string suffix) => ETag.EndsWith('"') ? ETag[..^1] + "-" + suffix + "\"" : ETag + "-" + suffix;

    /// <summary>This version's metadata, without its body.</summary>
    public PageMetadata ToMetadata() => new(Key, Route, Version, BuildId, GeneratedAt, Declared, StoredBytes, Tags)
    {
        HasBrotli = HasBrotli,
        HasGzip = HasGzip,
    };
}
