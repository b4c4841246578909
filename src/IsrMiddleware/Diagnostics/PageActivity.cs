using System.Collections.Concurrent;
using IsrMiddleware.Model;

namespace IsrMiddleware.Diagnostics;

/// <summary>
/// What this process saw since it started, for the status page: requests answered and the last render per page, and
/// counts per 10-second slot over the last 15 minutes. Pages tracked are bounded; a page a render found gone is dropped.
/// </summary>
internal sealed class PageActivity
{
    public const int MaxTrackedPages = 20_000;

    /// <summary>Series of <see cref="Recent"/>: served hit, stale, miss (fallback included), failed render, then one per <see cref="RenderReason"/>.</summary>
    public const int HitSeries = 0, StaleSeries = 1, MissSeries = 2, FailedSeries = 3, RenderSeriesBase = 4;

    private static readonly int ReasonCount = Enum.GetValues<RenderReason>().Length;

    private readonly ConcurrentDictionary<string, PageRecord> _pages = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _tracked;
    private long _hits;
    private long _stale;
    private long _misses;
    private long _renders;
    private long _failures;

    public PageActivity(TimeProvider time)
    {
        _time = time;
        Since = time.GetUtcNow();
        Recent = new ActivityBuckets(time, TimeSpan.FromSeconds(10), 90, RenderSeriesBase + ReasonCount);
    }

    public DateTimeOffset Since { get; }

    public ActivityBuckets Recent { get; }

    public long Hits => Interlocked.Read(ref _hits);

    public long StaleHits => Interlocked.Read(ref _stale);

    public long Misses => Interlocked.Read(ref _misses);

    public long Renders => Interlocked.Read(ref _renders);

    public long Failures => Interlocked.Read(ref _failures);

    public PageRecord? Get(string key) => _pages.GetValueOrDefault(key);

    public IEnumerable<KeyValuePair<string, PageRecord>> All => _pages;

    /// <summary>A request for a page was answered from the cache or by rendering it.</summary>
    public void Served(string key, ServeOutcome outcome)
    {
        switch (outcome)
        {
            case ServeOutcome.Hit:
                Interlocked.Increment(ref _hits);
                Recent.Add(HitSeries);
                break;
            case ServeOutcome.Stale:
                Interlocked.Increment(ref _stale);
                Recent.Add(StaleSeries);
                break;
            default:
                Interlocked.Increment(ref _misses);
                Recent.Add(MissSeries);
                break;
        }

        Track(key)?.Served(outcome);
    }

    /// <summary>A render of a page starts; dispose the scope when it ends, after <see cref="RenderScope.Complete"/>.</summary>
    public RenderScope BeginRender(string key, RenderReason reason)
    {
        if (reason == RenderReason.FallbackShell)
        {
            return default;
        }

        var record = Track(key);
        record?.RenderStarted();
        return new RenderScope(this, key, reason, record);
    }

    private void Completed(string key, RenderReason reason, PageRecord? record, RenderResult result)
    {
        Interlocked.Increment(ref _renders);
        Recent.Add(RenderSeriesBase + (int)reason);
        if (result.Outcome == RenderOutcome.Failed)
        {
            Interlocked.Increment(ref _failures);
            Recent.Add(FailedSeries);
        }

        if (result.Outcome == RenderOutcome.NotFound)
        {
            // No such page: keep no record of it, so requests for made-up params cannot grow this.
            if (_pages.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _tracked);
            }

            return;
        }

        var error = result.Outcome is RenderOutcome.Failed or RenderOutcome.Uncacheable
            ? result.Reason ?? result.Error?.Message ?? result.Outcome.ToString()
            : null;
        record?.Rendered(new LastRender(_time.GetUtcNow(), reason, result.Duration, result.Outcome, result.StatusCode, error));
    }

    private PageRecord? Track(string key)
    {
        if (_pages.TryGetValue(key, out var record))
        {
            return record;
        }

        if (Volatile.Read(ref _tracked) >= MaxTrackedPages)
        {
            return null;
        }

        var added = new PageRecord();
        record = _pages.GetOrAdd(key, added);
        if (ReferenceEquals(record, added))
        {
            Interlocked.Increment(ref _tracked);
        }

        return record;
    }

    /// <summary>One render of one page, from its start to its result.</summary>
    internal readonly struct RenderScope(PageActivity? owner, string key, RenderReason reason, PageRecord? record) : IDisposable
    {
        public void Complete(RenderResult result) => owner?.Completed(key, reason, record, result);

        public void Dispose() => record?.RenderEnded();
    }
}
