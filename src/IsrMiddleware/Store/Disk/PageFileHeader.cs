using System.Text.Json.Serialization;

namespace IsrMiddleware.Store;

/// <summary>The metadata written before the body in a page file.</summary>
internal sealed class PageFileHeader
{
    public required string Key { get; init; }

    public int StatusCode { get; init; }

    public string? ContentType { get; init; }

    public string[][] Headers { get; init; } = [];

    public required string ETag { get; init; }

    public DateTimeOffset GeneratedAt { get; init; }

    public string[] Tags { get; init; } = [];

    public bool Declared { get; init; }

    public long Version { get; init; }

    public string? BuildId { get; init; }

    public string? Route { get; init; }

    public long BodyLength { get; init; }

    public long BrotliLength { get; init; }

    public long GzipLength { get; init; }

    /// <summary>SHA-256 of everything after the header (body, then the Brotli and gzip variants), hex; a file that does not hash to it is corrupt.</summary>
    public required string BodyHash { get; init; }
}

[JsonSerializable(typeof(PageFileHeader))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class PageFileJsonContext : JsonSerializerContext;
