using IsrMiddleware.Declaration;

namespace IsrMiddleware.Engine;

/// <summary>One page a revalidation call reached: its key, its route (null: none matches), its latest invalidation.</summary>
internal sealed class ReachedPage(string key, StaticRoute? route)
{
    public string Key { get; } = key;

    public StaticRoute? Route { get; } = route;

    public long InvalidatedAt { get; set; }
}
