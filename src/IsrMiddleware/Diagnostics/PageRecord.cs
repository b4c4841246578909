using IsrMiddleware.Model;

namespace IsrMiddleware.Diagnostics;

/// <summary>What this process saw of one page: requests answered and its last render.</summary>
internal sealed class PageRecord
{
    private readonly object _gate = new();
    private long _hits;
    private long _stale;
    private long _misses;
    private int _rendering;
    private LastRender? _last;

    public long Hits => Interlocked.Read(ref _hits);

    public long Stale => Interlocked.Read(ref _stale);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Whether a render of the page is running now.</summary>
    public bool IsRendering => Volatile.Read(ref _rendering) > 0;

    public LastRender? Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    public void Served(ServeOutcome outcome)
    {
        switch (outcome)
        {
            case ServeOutcome.Hit:
                Interlocked.Increment(ref _hits);
                break;
            case ServeOutcome.Stale:
                Interlocked.Increment(ref _stale);
                break;
            default:
                Interlocked.Increment(ref _misses);
                break;
        }
    }

    public void RenderStarted() => Interlocked.Increment(ref _rendering);

    public void RenderEnded() => Interlocked.Decrement(ref _rendering);

    public void Rendered(LastRender render)
    {
        lock (_gate)
        {
            _last = render;
        }
    }
}

/// <summary>The last render of a page: when, why, how long, what it produced and, for a failure, why.</summary>
internal sealed record LastRender(DateTimeOffset At, RenderReason Reason, TimeSpan Duration, RenderOutcome Outcome, int StatusCode, string? Error);
