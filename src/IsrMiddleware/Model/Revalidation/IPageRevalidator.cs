namespace IsrMiddleware;

/// <summary>
/// On-demand revalidation (Next.js's <c>revalidatePath</c> / <c>revalidateTag</c> / <c>res.revalidate</c>). Inject it
/// anywhere, for example in a CMS webhook. Every method throws <see cref="PageStoreUnavailableException"/> when the page
/// store cannot record an invalidation (or list the pages a tag or prefix reaches): nothing is confirmed then, and
/// calling again once the store is back is safe (an invalidation recorded twice does no harm).
/// </summary>
public interface IPageRevalidator
{
    /// <summary>Revalidates the page at a path (for example <c>/blog/hello-world</c>).</summary>
    /// <exception cref="PageStoreUnavailableException">The page store cannot be reached.</exception>
    Task<RevalidationReport> RevalidatePathAsync(string path, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default);

    /// <summary>Revalidates every stored page carrying a tag, whether declared by its route or added while rendering.</summary>
    /// <exception cref="PageStoreUnavailableException">The page store cannot be reached.</exception>
    Task<RevalidationReport> RevalidateTagAsync(string tag, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revalidates several paths, tags and prefixes in one call: every invalidation is recorded first, then each page
    /// reached is revalidated once, with one result per target in the report.
    /// </summary>
    /// <exception cref="PageStoreUnavailableException">The page store cannot be reached.</exception>
    /// <exception cref="ArgumentException">No target, or more than <see cref="StaticParamsOptions.MaxRevalidationTargets"/>.</exception>
    Task<RevalidationReport> RevalidateAsync(IReadOnlyCollection<RevalidationTarget> targets, RevalidationOptions? options = null, CancellationToken cancellationToken = default);
}
