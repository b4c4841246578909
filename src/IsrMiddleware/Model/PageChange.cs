namespace IsrMiddleware;

/// <summary>One change in the durable tier, announced through <see cref="IPageChangeFeed"/>.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Key">The page key; for an invalidation, its target (a key or a tag).</param>
/// <param name="Version">The stored or removed version, or the invalidation's version.</param>
/// <param name="Invalidation">The invalidation recorded, for <see cref="PageChangeKind.Invalidated"/>.</param>
public sealed record PageChange(PageChangeKind Kind, string Key, long Version, Invalidation? Invalidation = null);
