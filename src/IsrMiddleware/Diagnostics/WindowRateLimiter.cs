using System.Threading.RateLimiting;

namespace IsrMiddleware.Diagnostics;

/// <summary>
/// A fixed-window limiter whose window follows the injected <see cref="TimeProvider"/>: at most <c>permits</c> per
/// window, no queue. A request for zero permits tells whether any is left without taking one (and, when none is, when
/// the window ends).
/// </summary>
internal sealed class WindowRateLimiter(TimeProvider time, int permits, TimeSpan window) : RateLimiter
{
    private readonly object _gate = new();
    private DateTimeOffset _start = time.GetUtcNow();
    private int _used;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = Roll();
                return _used == 0 ? now - _start : null;
            }
        }
    }

    /// <summary>Builds a limiter per client partition.</summary>
    public static PartitionedRateLimiter<string> PerClient(TimeProvider time, int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.Get(client, _ => new WindowRateLimiter(time, permits, window)));

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Roll();
            return new RateLimiterStatistics { CurrentAvailablePermits = permits - _used };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_gate)
        {
            var now = Roll();
            var available = permits - _used;
            if (permitCount == 0 ? available > 0 : permitCount <= available)
            {
                _used += permitCount;
                return WindowLease.Acquired;
            }

            return new WindowLease(false, _start + window - now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Starts a new window once the current one is over; returns the time read.</summary>
    private DateTimeOffset Roll()
    {
        var now = time.GetUtcNow();
        if (now >= _start + window)
        {
            _start = now;
            _used = 0;
        }

        return now;
    }

    private sealed class WindowLease(bool acquired, TimeSpan retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Acquired = new(true, TimeSpan.Zero);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => acquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (!acquired && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
