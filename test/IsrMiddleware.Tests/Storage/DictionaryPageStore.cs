using System.Collections.Concurrent;

namespace IsrMiddleware.Tests.Storage;

/// <summary>A page store held in dictionaries: the store contract implemented from outside the library, as a shared store would.</summary>
internal sealed class DictionaryPageStore : IPageStore
{
    private readonly ConcurrentDictionary<string, StoredPage> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(InvalidationKind, string), Invalidation> _invalidations = new();
    private readonly object _gate = new();
    private long _sequence;

    public int Writes;

    public ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken) => new(_pages.GetValueOrDefault(key));

    public ValueTask<PageMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken) =>
        new(_pages.GetValueOrDefault(key)?.ToMetadata());

    public ValueTask<bool> SetAsync(StoredPage page, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pages.TryGetValue(page.Key, out var stored) && stored.Version > page.Version)
            {
                return new(false);
            }

            _pages[page.Key] = page;
            Interlocked.Increment(ref Writes);
            return new(true);
        }
    }

    public ValueTask RemoveAsync(string key, long upToVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pages.TryGetValue(key, out var stored) && stored.Version <= upToVersion)
            {
                _pages.TryRemove(key, out _);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken) =>
        new(_pages.Values.Where(page => page.Tags.Contains(tag)).Select(page => page.Key).ToList());

    /// <summary>While set, listing the pages and recording invalidations throw, as a store in an outage does.</summary>
    public bool Down { get; set; }

    public ValueTask<IReadOnlyCollection<PageMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken) =>
        Down ? throw new PageStoreUnavailableException("the test store is down") : new(_pages.Values.Select(page => page.ToMetadata()).ToList());

    public ValueTask<long> NextVersionAsync(CancellationToken cancellationToken) => new(Interlocked.Increment(ref _sequence));

    public ValueTask<Invalidation> RecordInvalidationAsync(InvalidationKind kind, string target, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new PageStoreUnavailableException("the test store is down");
        }

        var invalidation = new Invalidation(kind, target, Interlocked.Increment(ref _sequence), recordedAt);
        _invalidations[(kind, target)] = invalidation;
        return new(invalidation);
    }

    public ValueTask<IReadOnlyCollection<Invalidation>> GetInvalidationsAsync(CancellationToken cancellationToken) =>
        new(_invalidations.Values.ToList());
}
