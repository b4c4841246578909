namespace IsrMiddleware;

/// <summary>What a store knows of one stored page without its body: enough to decide freshness and to index it.</summary>
/// <param name="Key">The page key.</param>
/// <param name="Route">The route pattern that rendered the page.</param>
/// <param name="Version">The store's sequence number taken when the page's render started.</param>
/// <param name="BuildId">The build that rendered the page.</param>
/// <param name="GeneratedAt">When the render ran (wall clock; for ages only).</param>
/// <param name="Declared">Whether a params provider declared the page.</param>
/// <param name="StoredBytes">The bytes of the body and its compressed variants.</param>
/// <param name="Tags">The page's tags.</param>
public sealed record PageMetadata(
    string Key,
    string? Route,
    long Version,
    string? BuildId,
    DateTimeOffset GeneratedAt,
    bool Declared,
    long StoredBytes,
    IReadOnlyList<string> Tags)
{
    /// <summary>Whether a Brotli variant is stored beside the body.</summary>
    public bool HasBrotli { get; init; }

    /// <summary>Whether a gzip variant is stored beside the body.</summary>
    public bool HasGzip { get; init; }
}
