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
internal sealed class OnDemandRenderLimiter
{
    /// <summary>Clients tracked at most; past it, windows that ended are dropped, and new clients meet the global cap only.</summary>
    internal const int MaxTrackedClients = 10_000;

    private const string OtherClients = "(other clients)";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ClientWindow> _clients = new(StringComparer.Ordinal);
    private readonly int _maxConcurrent;
    private readonly int _perClient;
    private readonly TimeProvider _time;
    private readonly ILogger<OnDemandRenderLimiter> _logger;
    private readonly LogThrottle _refusals;
    private int _running;
    private DateTimeOffset _lastPruned = DateTimeOffset.MinValue;

    public OnDemandRenderLimiter(IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<OnDemandRenderLimiter> logger)
    {
        _maxConcurrent = options.Value.MaxConcurrentOnDemandRenders;
        _perClient = options.Value.OnDemandRendersPerClientPerMinute;
        _time = time;
        _logger = logger;
        _refusals = new LogThrottle(time, LogInterval);
    }

    /// <summary>On-demand renders running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>
    /// Takes a slot for one on-demand render by <paramref name="client"/>: a handle to dispose when the render ends, or
    /// null with how long to wait before asking again.
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

        if (!TryCount(client, out retryAfter))
        {
            Release();
            refusal = OnDemandRefusal.ClientRate;
            Refused(client, "per-client rate");
            return null;
        }

        refusal = OnDemandRefusal.None;
        return new Slot(this);
    }

    private bool TryCount(string client, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_clients.ContainsKey(client) && _clients.Count >= MaxTrackedClients && !DropEndedWindows(now))
            {
                // A full table: newcomers share one budget rather than going unlimited.
                client = OtherClients;
            }

            if (!_clients.TryGetValue(client, out var window) || now - window.Start >= Window)
            {

                _clients[client] = new ClientWindow(now, 1);
                return true;
            }

            if (window.Count >= _perClient)
            {
                retryAfter = window.Start + Window - now;
                return false;
            }

            _clients[client] = window with { Count = window.Count + 1 };
            return true;
        }
    }

    /// <summary>Drops the clients whose window ended (at most once a second); whether there is room.</summary>
    private bool DropEndedWindows(DateTimeOffset now)
    {
        if (now - _lastPruned < TimeSpan.FromSeconds(1))
        {
            return _clients.Count < MaxTrackedClients;
        }

        _lastPruned = now;
        foreach (var (client, window) in _clients)
        {
            if (now - window.Start >= Window)
            {
                _clients.Remove(client);
            }
        }

        return _clients.Count < MaxTrackedClients;
    }

    private void Refused(string client, string limit)
    {
        if (_refusals.ShouldLog(out var suppressed))
        {
            EngineLog.OnDemandRenderRefused(_logger, client, limit, suppressed);
        }
    }

    private void Release() => Interlocked.Decrement(ref _running);

    private readonly record struct ClientWindow(DateTimeOffset Start, int Count);

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
