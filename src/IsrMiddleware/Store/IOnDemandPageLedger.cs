namespace IsrMiddleware;

/// <summary>
/// Counts the pages created on demand (params no provider declared) against <see cref="StaticParamsOptions.MaxOnDemandPages"/>
/// and <see cref="StaticParamsOptions.MaxOnDemandBytes"/>, least recently used first out, and names the pages to evict;
/// the cache evicts them. The default counts the pages this process stored; a shared store supplies one that counts
/// every instance's pages, so the caps hold for the whole cluster. Declared pages are never counted.
/// </summary>
/// <remarks>
/// A shared implementation throws from <see cref="RecordAsync"/> or <see cref="RestoreAsync"/> when its state cannot be
/// reached: the caller then keeps the caps with this instance's own count meanwhile and no request fails.
/// </remarks>
public interface IOnDemandPageLedger
{
    /// <summary>Counts a version just stored as the most recently used page; returns the pages to evict to stay within the caps.</summary>
    ValueTask<IReadOnlyList<OnDemandPage>> RecordAsync(OnDemandPage page, CancellationToken cancellationToken);

    /// <summary>
    /// Counts the pages found stored at start-up, oldest first; pages counted already keep their place. Returns the
    /// pages to evict to stay within the caps.
    /// </summary>
    ValueTask<IReadOnlyList<OnDemandPage>> RestoreAsync(IReadOnlyList<OnDemandPage> pages, CancellationToken cancellationToken);

    /// <summary>A hit on a page created on demand: it becomes the last to be evicted. Called on the hit path: must not wait on I/O.</summary>
    void Touch(string key);

    /// <summary>Stops counting a page (removed, or declared now) unless a version newer than <paramref name="upToVersion"/> is counted.</summary>
    ValueTask ForgetAsync(string key, long upToVersion, CancellationToken cancellationToken);
}
