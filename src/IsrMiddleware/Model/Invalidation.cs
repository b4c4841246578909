namespace IsrMiddleware;

/// <summary>
/// A durable record that a path, a tag or a path prefix was invalidated. A page it concerns is fresh again only once a render that
/// started after it (a higher <see cref="Version"/>) is stored.
/// </summary>
/// <param name="Kind">What was invalidated.</param>
/// <param name="Target">The page key, the tag, or the key prefix.</param>
/// <param name="Version">The store's sequence number taken when the invalidation was recorded.</param>
/// <param name="RecordedAt">When it was recorded (wall clock; informational).</param>
public sealed record Invalidation(InvalidationKind Kind, string Target, long Version, DateTimeOffset RecordedAt);
