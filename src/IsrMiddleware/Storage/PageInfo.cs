namespace IsrMiddleware.Storage;

/// <summary>What the index knows of a stored page without reading its body.</summary>
internal sealed record PageInfo(string Key, DateTimeOffset GeneratedAt, bool Declared, bool MarkedStale, long StoredBytes, string[] Tags)
{
    /// <summary>Whether a Brotli variant is stored beside the body.</summary>
    public bool HasBrotli { get; init; }

    /// <summary>Whether a gzip variant is stored beside the body.</summary>
    public bool HasGzip { get; init; }
}
