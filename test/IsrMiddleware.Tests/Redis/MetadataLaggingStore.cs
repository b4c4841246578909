using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>
/// The Redis store, except that the first metadata read of each key answers "absent": as if another instance stored
/// the page just after this one looked, the window between a pre-render's freshness check and its read of the page.
/// </summary>
internal sealed class MetadataLaggingStore(RedisPageStore inner) : IPageStore
{
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    public async ValueTask<PageMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken)
    {
        lock (_asked)
        {
            if (_asked.Add(key))
            {
                return null;
            }
        }

        return await inner.GetMetadataAsync(key, cancellationToken);
    }

    public ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public ValueTask<bool> SetAsync(StoredPage page, CancellationToken cancellationToken) => inner.SetAsync(page, cancellationToken);

    public ValueTask RemoveAsync(string key, long upToVersion, CancellationToken cancellationToken) => inner.RemoveAsync(key, upToVersion, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken) => inner.GetKeysByTagAsync(tag, cancellationToken);

    public ValueTask<IReadOnlyCollection<PageMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken) => inner.GetAllMetadataAsync(cancellationToken);

    public ValueTask<long> NextVersionAsync(CancellationToken cancellationToken) => inner.NextVersionAsync(cancellationToken);

    public ValueTask<Invalidation> RecordInvalidationAsync(InvalidationKind kind, string target, DateTimeOffset recordedAt, CancellationToken cancellationToken) =>
        inner.RecordInvalidationAsync(kind, target, recordedAt, cancellationToken);

    public ValueTask<IReadOnlyCollection<Invalidation>> GetInvalidationsAsync(CancellationToken cancellationToken) => inner.GetInvalidationsAsync(cancellationToken);
}
