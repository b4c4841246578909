namespace IsrMiddleware.Storage;

/// <summary>What the index knows of a stored page without reading its body.</summary>
internal sealed record PageInfo(string Key, DateTimeOffset GeneratedAt, bool Declared, bool MarkedStale, long StoredBytes, string[] Tags);
