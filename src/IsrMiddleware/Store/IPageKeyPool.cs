namespace IsrMiddleware.Store;

/// <summary>A store that holds every stored key in memory and can hand out its instance, so the declared set does not hold a second copy of each.</summary>
internal interface IPageKeyPool
{
    /// <summary>The store's instance of an equal key, or <paramref name="key"/> itself.</summary>
    string Canonical(string key);
}
