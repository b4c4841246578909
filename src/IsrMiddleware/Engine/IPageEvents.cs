namespace IsrMiddleware.Engine;

/// <summary>
/// What the engine tells the layers above it after the fact: a page's version changed here, or pages and tags were
/// revalidated on demand. The edge door listens, to purge the CDN in front.
/// </summary>
internal interface IPageEvents
{
    /// <summary>A render replaced <paramref name="previous"/> with <paramref name="current"/> (null: removed).</summary>
    void PageChanged(string key, StoredPage? previous, StoredPage? current);

    /// <summary>An on-demand revalidation reached these pages and named these tags.</summary>
    void Invalidated(IReadOnlyList<string> paths, IReadOnlyList<string> tags);
}
