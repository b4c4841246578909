using IsrMiddleware.Declaration;

namespace IsrMiddleware.Engine;

/// <summary>The pages one revalidation call reached, each once, in the order reached, with its latest invalidation.</summary>
internal sealed class ReachedPages
{
    private readonly List<ReachedPage> _order = [];
    private readonly Dictionary<string, ReachedPage> _byKey = new(StringComparer.Ordinal);

    public int Count => _order.Count;

    public ReachedPage this[int index] => _order[index];

    /// <summary>Adds a page (its route null when no static route matches), or raises the invalidation it must be rendered after.</summary>
    public void Add(string key, StaticRoute? route, long invalidatedAt)
    {
        if (_byKey.TryGetValue(key, out var page))
        {
            page.InvalidatedAt = Math.Max(page.InvalidatedAt, invalidatedAt);
            return;
        }

        page = new ReachedPage(key, route) { InvalidatedAt = invalidatedAt };
        _byKey.Add(key, page);
        _order.Add(page);
    }
}
