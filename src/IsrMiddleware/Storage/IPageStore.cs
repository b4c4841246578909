namespace IsrMiddleware;

/// <summary>
/// The durable tier under the in-process memory tier: the disk by default, a shared store when several
/// instances serve one site. Implementations are thread-safe.
/// </summary>
public interface IPageStore
{
    /// <summary>Reads the stored version of a page, or <see langword="null"/> when there is none (or it is unreadable).</summary>
    ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a version atomically unless a newer one (a later <see cref="StoredPage.GeneratedAt"/>) is stored already.
    /// Returns whether this version was stored.
    /// </summary>
    ValueTask<bool> SetAsync(StoredPage page, CancellationToken cancellationToken);

    /// <summary>Removes a page; does nothing when it is not stored.</summary>
    ValueTask RemoveAsync(string key, CancellationToken cancellationToken);

    /// <summary>The keys of the stored pages carrying a tag (declared by the route or added while rendering).</summary>
    ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken);
}
