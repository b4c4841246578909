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

    /// <summary>When the render that produced this version ran; orders versions of one key.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The route's tags and those the page added while rendering.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Whether the page's params were declared by a provider (pre-rendered) rather than requested on demand.</summary>
    public bool Declared { get; init; }

    /// <summary>Whether on-demand revalidation marked this version stale: it is served once more and regenerated.</summary>
    public bool MarkedStale { get; init; }

    // Variant validators, made once per version: a strong ETag differs between representations.
    private string? _brotliETag;
    private string? _gzipETag;

    internal string BrotliETag => _brotliETag ??= VariantETag("br");

    internal string GzipETag => _gzipETag ??= VariantETag("gz");

    internal long StoredBytes => Body.Length + BrotliBody.Length + GzipBody.Length;

    private string VariantETag(string suffix) => ETag.EndsWith('"') ? ETag[..^1] + "-" + suffix + "\"" : ETag + "-" + suffix;

    /// <summary>A copy of this version marked stale.</summary>
    internal StoredPage AsMarkedStale() => this with { MarkedStale = true };
}
