using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Engine;

/// <summary>
/// Bounds the renders anyone can cause by asking for params no provider declared: at most
/// <see cref="StaticParamsOptions.MaxConcurrentOnDemandRenders"/> at once, and at most
/// <see cref="StaticParamsOptions.OnDemandRendersPerClientPerMinute"/> started per client address in each minute.
/// Declared pages and regenerations of stored pages are not counted: their number is bounded by the declared set and
/// the on-demand caps.
/// </summary>
internal sealed class OnDemandRenderLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly int _maxConcurrent;
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly ILogger<OnDemandRenderLimiter> _logger;
    private readonly LogThrottle _refusals;
    private int _running;

    public OnDemandRenderLimiter(IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<OnDemandRenderLimiter> logger)
    {
        _maxConcurrent = options.Value.MaxConcurrentOnDemandRenders;
        _perClient = WindowRateLimiter.PerClient(time, options.Value.OnDemandRendersPerClientPerMinute, Window);
        _logger = logger;
        _refusals = new LogThrottle(time, LogInterval);
    }

    /// <summary>
    /// Takes a slot for one on-demand render by <paramref name="client"/>: a handle to dispose when the render ends, or
    /// null with why and how long to wait before asking again.
    /// </summary>
    public IDisposable? TryAcquire(string client, out TimeSpan retryAfter, out OnDemandRefusal refusal)
    {
        // The cap first: a request refused for it does not spend its client's budget.
        while (true)
        {
            var running = Volatile.Read(ref _running);
            if (running >= _maxConcurrent)
            {
                retryAfter = TimeSpan.FromSeconds(1);
                refusal = OnDemandRefusal.Busy;
                Refused(client, "concurrency cap");
                return null;
            }

            if (Interlocked.CompareExchange(ref _running, running + 1, running) == running)
            {
                break;
            }
        }

        using var lease = _perClient.AttemptAcquire(client);
        if (!lease.IsAcquired)
        {
            Release();
            retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
            refusal = OnDemandRefusal.ClientRate;
            Refused(client, "per-client rate");
            return null;
        }

        retryAfter = TimeSpan.Zero;
        refusal = OnDemandRefusal.None;
        return new Slot(this);
    }

    public void Dispose() => _perClient.Dispose();

    private void Refused(string client, string limit)
    {
        if (_refusals.ShouldLog(out var suppressed))
        {
            EngineLog.OnDemandRenderRefused(_logger, client, limit, suppressed);
        }
    }

    private void Release() => Interlocked.Decrement(ref _running);

    private sealed class Slot(OnDemandRenderLimiter owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
