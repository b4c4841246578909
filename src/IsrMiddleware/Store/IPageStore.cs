namespace IsrMiddleware;

/// <summary>
/// The durable tier under each instance's memory tier: the disk by default, a shared store when several instances
/// serve one site. It stores page versions, orders renders and invalidations with one sequence, and keeps the
/// invalidation records. Implementations are thread-safe; register one with <c>UsePageStore</c>.
/// </summary>
public interface IPageStore
{
    /// <summary>Reads the stored version of a page, or <see langword="null"/> when there is none (or it is unreadable).</summary>
    ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the stored version of a page to answer one request. When its stored bytes (body and variants) exceed
    /// <paramref name="wholeUpTo"/>, the caller will not keep it, and a store may return only the representation
    /// <paramref name="accepted"/> chooses among those stored (<see cref="StoredPage.Representation"/> names it, and
    /// <see cref="StoredPage.HasBrotli"/> and <see cref="StoredPage.HasGzip"/> say which variants the version has), so a
    /// response costs one representation's bytes. Otherwise, and by default, it reads the whole version.
    /// </summary>
    ValueTask<StoredPage?> GetAsync(string key, AcceptedEncodings accepted, long wholeUpTo, CancellationToken cancellationToken) =>
        GetAsync(key, cancellationToken);

    /// <summary>Reads a stored page's metadata without its body, or <see langword="null"/>.</summary>
    ValueTask<PageMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a version atomically (body, variants and metadata together) unless a version with a higher
    /// <see cref="StoredPage.Version"/> is stored already. Returns whether this version was stored.
    /// </summary>
    ValueTask<bool> SetAsync(StoredPage page, CancellationToken cancellationToken);

    /// <summary>Removes a page unless the stored version is newer than <paramref name="upToVersion"/>; does nothing when none is stored.</summary>
    ValueTask RemoveAsync(string key, long upToVersion, CancellationToken cancellationToken);

    /// <summary>The keys of the stored pages carrying a tag (declared by the route or added while rendering).</summary>
    ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken);

    /// <summary>The metadata of every stored page (for a warm start, caps and the operator view).</summary>
    ValueTask<IReadOnlyCollection<PageMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Hands out the next number of the store's sequence: strictly greater than every number handed out since the store
    /// opened and than every number stored or recorded before (page versions, invalidations), including before a restart.
    /// Renders take one when they start, invalidations when they are recorded.
    /// </summary>
    ValueTask<long> NextVersionAsync(CancellationToken cancellationToken);

    /// <summary>Durably records an invalidation with the next sequence number, and returns it.</summary>
    /// <exception cref="PageStoreUnavailableException">The store cannot be reached to record it.</exception>
    ValueTask<Invalidation> RecordInvalidationAsync(InvalidationKind kind, string target, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>The latest invalidation of each path and tag.</summary>
    ValueTask<IReadOnlyCollection<Invalidation>> GetInvalidationsAsync(CancellationToken cancellationToken);
}
