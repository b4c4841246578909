using System.Text.RegularExpressions;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

internal sealed partial class PageRevalidator
{
    /// <summary>Records the target's invalidation(s), adds them to <paramref name="recorded"/> and the pages it reaches; returns their keys in order.</summary>
    private async Task<IReadOnlyList<string>> RecordAsync(RevalidationTarget target, ReachedPages reached, List<Invalidation> recorded, CancellationToken cancellationToken)
    {
        switch (target.Kind)
        {
            case RevalidationTargetKind.Path:
                if (Find(target.Value) is not var (route, key))
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
                    reached.Add(page, Find(page)?.Route, tagged.Version);
                }

                return keys;
            default:
                return await RecordPrefixAsync(target.Value, reached, recorded, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One path invalidation per stored or declared page under the prefix.</summary>
    private async Task<IReadOnlyList<string>> RecordPrefixAsync(string prefix, ReachedPages reached, List<Invalidation> recorded, CancellationToken cancellationToken)
    {
        var stored = await cache.GetAllMetadataAsync(cancellationToken).ConfigureAwait(false);
        var keys = stored.Select(page => page.Key)
            .Concat(declaredPages.Keys)
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        foreach (var key in keys)
        {
            if (Find(key)?.Route is { } route)
            {
                var invalidation = await cache.InvalidateAsync(InvalidationKind.Path, key, cancellationToken).ConfigureAwait(false);
                recorded.Add(invalidation);
                reached.Add(key, route, invalidation.Version);
            }
            else
            {
                reached.Add(key, null, 0);
            }
        }

        return keys;
    }

    [GeneratedRegex("//+")]
    private static partial Regex RepeatedSlashes();

    /// <summary>The static route whose pattern matches the path, and the page's canonical key.</summary>
    private (StaticRoute Route, string Key)? Find(string path)
    {
        var queryStart = path.IndexOfAny(['?', '#']);
        if (queryStart >= 0)
        {
            path = path[..queryStart];
        }

        // The same canonical form a request gets (repeated slashes collapsed, no trailing slash): a revalidation of
        // "/docs/a/b/" is one of the page "/docs/a/b".
        path = CanonicalPath.Key(RepeatedSlashes().Replace("/" + path.TrimStart('/'), "/"));

        // Of the routes matching, the one that declared the page; else the first in endpoint order.
        (StaticRoute Route, string Key)? first = null;
        foreach (var route in resolver.GetAll())
        {
            if (route.Binder.Match(path) is { } values && route.Binder.SatisfiesConstraints(values) && route.Binder.TryGetKey(values, out var key))
            {
                key = CanonicalPath.Key(key);
                if (declaredPages.RouteOf(key) == route)
                {
                    return (route, key);
                }

                first ??= (route, key);
            }
        }

        return first;
    }
}
