namespace IsrMiddleware.Storage;

/// <summary>A durable tier that can answer about its pages from metadata alone, without reading bodies.</summary>
internal interface IPageIndex
{
    /// <summary>Every stored page, once the index is built.</summary>
    ValueTask<IReadOnlyCollection<PageInfo>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>One stored page's metadata, or <see langword="null"/>.</summary>
    ValueTask<PageInfo?> GetInfoAsync(string key, CancellationToken cancellationToken);
}
