using System.Collections.Concurrent;

namespace IsrMiddleware.Tests.Storage;

/// <summary>
/// A page store held in dictionaries: the store contract implemented from outside the library, as a shared store would.
/// <see cref="Reopen"/> opens another instance over the same contents, as a restart over a durable store does.
/// </summary>
internal sealed class DictionaryPageStore : IPageStore
{
    private readonly Contents _contents;

    public DictionaryPageStore()
        : this(new Contents())
    {
    }

    private DictionaryPageStore(Contents contents) => _contents = contents;

    /// <summary>The versions stored so far (refused ones are not counted).</summary>
    public int Writes => Volatile.Read(ref _contents.Writes);

    /// <summary>A new instance over this store's pages, invalidation records and sequence.</summary>
    public DictionaryPageStore Reopen() => new(_contents);

    public ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken) => new(_contents.Pages.GetValueOrDefault(key));

    public ValueTask<PageMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken) =>
        new(_contents.Pages.GetValueOrDefault(key)?.ToMetadata());

    public ValueTask<bool> SetAsync(StoredPage page, CancellationToken cancellationToken)
    {
        lock (_contents.Gate)
        {
            if (_contents.Pages.TryGetValue(page.Key, out var stored) && stored.Version > page.Version)
            {
                return new(false);
            }

            _contents.Pages[page.Key] = page;
            Interlocked.Increment(ref _contents.Writes);
            return new(true);
        }
    }

    public ValueTask RemoveAsync(string key, long upToVersion, CancellationToken cancellationToken)
    {
        lock (_contents.Gate)
        {
            if (_contents.Pages.TryGetValue(key, out var stored) && stored.Version <= upToVersion)
            {
                _contents.Pages.TryRemove(key, out _);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken) =>
        new(_contents.Pages.Values.Where(page => page.Tags.Contains(tag)).Select(page => page.Key).ToList());

    /// <summary>While set, listing the pages and recording invalidations throw, as a store in an outage does.</summary>
    public bool Down { get; set; }

    public ValueTask<IReadOnlyCollection<PageMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken) =>
        Down ? throw new PageStoreUnavailableException("the test store is down") : new(_contents.Pages.Values.Select(page => page.ToMetadata()).ToList());

    public ValueTask<long> NextVersionAsync(CancellationToken cancellationToken) => new(Interlocked.Increment(ref _contents.Sequence));

    public ValueTask<Invalidation> RecordInvalidationAsync(InvalidationKind kind, string target, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new PageStoreUnavailableException("the test store is down");
        }

        lock (_contents.Gate)
        {
            var invalidation = new Invalidation(kind, target, Interlocked.Increment(ref _contents.Sequence), recordedAt);
            _contents.Invalidations[(kind, target)] = invalidation;
            return new(invalidation);
        }
    }

    public ValueTask<IReadOnlyCollection<Invalidation>> GetInvalidationsAsync(CancellationToken cancellationToken) =>
        new(_contents.Invalidations.Values.ToList());

    /// <summary>What every instance opened over one store shares.</summary>
    private sealed class Contents
    {
        public readonly ConcurrentDictionary<string, StoredPage> Pages = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<(InvalidationKind, string), Invalidation> Invalidations = new();
        public readonly object Gate = new();
        public long Sequence;
        public int Writes;
    }
}
