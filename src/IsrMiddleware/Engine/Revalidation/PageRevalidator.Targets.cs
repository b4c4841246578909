
namespace IsrMiddleware.Engine;

internal sealed partial class PageRevalidator
{
    /// <summary>Records the target's invalidation(s), adds them to <paramref name="recorded"/> and the pages it reaches; returns their keys in order.</summary>
    private async Task<IReadOnlyList<string>> RecordAsync(RevalidationTarget target, ReachedPages reached, List<Invalidation> recorded, CancellationToken cancellationToken)
    {
        switch (target.Kind)
        {
            case RevalidationTargetKind.Path:
                if (locator.Find(target.Value) is not var (route, key))
                {
                    reached.Add(target.Value, null, 0);
                    return [target.Value];
                }

                var invalidation = await cache.InvalidateAsync(InvalidationKind.Path, key, cancellationToken).ConfigureAwait(false);
                recorded.Add(invalidation);
                reached.Add(key, route, invalidation.Version);
                return [key];
            case RevalidationTargetKind.Tag:
                var tagged = await cache.InvalidateAsync(InvalidationKind.Tag, target.Value, cancellationToken).ConfigureAwait(false);
                recorded.Add(tagged);
                var keys = await cache.GetKeysByTagAsync(target.Value, cancellationToken).ConfigureAwait(false);
                foreach (var page in keys)
                {
                    reached.Add(page, locator.Find(page)?.Route, tagged.Version);
                }

                return keys;
            case RevalidationTargetKind.Route:
                if (locator.RouteWithPattern(target.Value) is not { } declaring)
                {
                    reached.Add(target.Value, null, 0);
                    return [target.Value];
                }

                // The route's own tag: no page carries it, and every instance refreshes the route when it arrives.
                recorded.Add(await cache.InvalidateAsync(InvalidationKind.Tag, DeclaredSetRefresher.TagOf(declaring), cancellationToken).ConfigureAwait(false));
                return [];
            default:
                return await RecordPrefixAsync(target.Value, reached, recorded, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One prefix record, whatever the number of pages under it (freshness checks it on every hit); the stored or
    /// declared pages under the prefix are the pages it reaches.
    /// </summary>
    private async Task<IReadOnlyList<string>> RecordPrefixAsync(string prefix, ReachedPages reached, List<Invalidation> recorded, CancellationToken cancellationToken)
    {
        var invalidation = await cache.InvalidateAsync(InvalidationKind.Prefix, prefix, cancellationToken).ConfigureAwait(false);
        recorded.Add(invalidation);
        var stored = await cache.GetKeysWithPrefixAsync(prefix, cancellationToken).ConfigureAwait(false);
        var keys = stored
            .Concat(locator.DeclaredKeys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        foreach (var key in keys)
        {
            var route = locator.Find(key)?.Route;
            reached.Add(key, route, route is null ? 0 : invalidation.Version);
        }

        return keys;
    }
}
