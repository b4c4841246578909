using System.Text.Json;

namespace IsrMiddleware.Redis;

/// <summary>Everything of a stored page but its bodies, kept as JSON in the page hash's <c>meta</c> field.</summary>
internal sealed record RedisPageHeader(
    string Key,
    int StatusCode,
    string? ContentType,
    List<string[]> Headers,
    string ETag,
    DateTimeOffset GeneratedAt,
    long Version,
    string? BuildId,
    string? Route,
    List<string> Tags,
    bool Declared,
    long StoredBytes,
    bool HasBrotli,
    bool HasGzip)
{
    public static RedisPageHeader From(StoredPage page) => new(
        page.Key,
        page.StatusCode,
        page.ContentType,
        page.Headers.Select(header => new[] { header.Key, header.Value }).ToList(),
        page.ETag,
        page.GeneratedAt,
        page.Version,
        page.BuildId,
        page.Route,
        [.. page.Tags],
        page.Declared,
        page.Body.Length + page.BrotliBody.Length + page.GzipBody.Length,
        !page.BrotliBody.IsEmpty,
        !page.GzipBody.IsEmpty);

    /// <summary>The header, or null when the bytes are not one (written by another version, or damaged).</summary>
    public static RedisPageHeader? Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, RedisJsonContext.Default.RedisPageHeader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, RedisJsonContext.Default.RedisPageHeader);

    public PageMetadata ToMetadata() => new(Key, Route, Version, BuildId, GeneratedAt, Declared, StoredBytes, Tags)
    {
        HasBrotli = HasBrotli,
        HasGzip = HasGzip,
    };

    public StoredPage ToPage(ReadOnlyMemory<byte> body, ReadOnlyMemory<byte> brotli, ReadOnlyMemory<byte> gzip) => new()
    {
        Key = Key,
        StatusCode = StatusCode,
        ContentType = ContentType,
        Headers = Headers.Where(pair => pair.Length == 2).Select(pair => new KeyValuePair<string, string>(pair[0], pair[1])).ToList(),
        Body = body,
        BrotliBody = brotli,
        GzipBody = gzip,
        ETag = ETag,
        GeneratedAt = GeneratedAt,
        Version = Version,
        BuildId = BuildId,
        Route = Route,
        Tags = Tags,
        Declared = Declared,
    };
}
