
namespace IsrMiddleware.Engine;

internal sealed partial class PageEngine
{
    public Task<RevalidationReport> RevalidatePathAsync(string path, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default) =>
        revalidator.RevalidatePathAsync(path, mode, cancellationToken);

    public Task<RevalidationReport> RevalidateTagAsync(string tag, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default) =>
        revalidator.RevalidateTagAsync(tag, mode, cancellationToken);

    public Task<RevalidationReport> RevalidateAsync(
        IReadOnlyCollection<RevalidationTarget> targets, RevalidationOptions? options = null, CancellationToken cancellationToken = default) =>
        revalidator.RevalidateAsync(targets, options, cancellationToken);

    /// <summary>Loads the invalidations recorded before this start into the freshness rule (when pages are cached at all).</summary>
    public async Task LoadInvalidationsAsync(CancellationToken cancellationToken)
    {
        if (!mode.Caches)
        {
            return;
        }

        foreach (var invalidation in await cache.GetInvalidationsAsync(cancellationToken).ConfigureAwait(false))
        {
            freshness.Apply(invalidation);
        }
    }
}
