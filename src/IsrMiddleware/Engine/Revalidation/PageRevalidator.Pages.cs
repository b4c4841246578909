using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

internal sealed partial class PageRevalidator
{
    private async Task<PageRevalidation> RevalidateOneAsync(
        StaticRoute route, string key, RevalidationOptions options, long invalidatedAt, CancellationToken cancellationToken)
    {
        var stored = await cache.GetMetadataAsync(key, cancellationToken).ConfigureAwait(false);
        if (options.Mode == RevalidationMode.Lazy)
        {
            return new PageRevalidation(key, stored is null ? RevalidationOutcome.NotCached : RevalidationOutcome.MarkedStale);
        }

        var declared = locator.IsDeclared(key);
        if (stored is null && (options.OnlyStored || (!declared && route.UnknownParams == UnknownParams.NotFound)))
        {
            return new PageRevalidation(key, RevalidationOutcome.NotCached);
        }

        var generation = await eager.RegenerateAsync(route, key, declared || stored?.Declared == true, invalidatedAt)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (generation.Version <= invalidatedAt)
        {
            // No render newer than the invalidation could be had: the page stays stale, and saying otherwise would lie.
            return new PageRevalidation(key, RevalidationOutcome.Failed);
        }

        return new PageRevalidation(key, generation.Outcome switch
        {
            RenderOutcome.Page or RenderOutcome.Redirect => RevalidationOutcome.Regenerated,
            RenderOutcome.NotFound => RevalidationOutcome.Removed,
            _ => RevalidationOutcome.Failed,
        });
    }
}
