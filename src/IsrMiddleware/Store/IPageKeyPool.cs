namespace IsrMiddleware.Store;

/// <summary>A store that holds every stored key in memory and can hand out its instance, so the declared set does not hold a second copy of each, and
/// can list the keys under a prefix without making every page's metadata.</summary>
internal interface IPageKeyPool
{
    /// <summary>The store's instance of an equal key, or <paramref name="key"/> itself.</summary>
    string Canonical(string key);

    /// <summary>The keys of the stored pages that start with <paramref name="prefix"/> (compared ordinally).</summary>
    ValueTask<IReadOnlyList<string>> GetKeysWithPrefixAsync(string prefix, CancellationToken cancellationToken);
}
