using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Redis;

/// <summary>
/// The pages' hit counts, shared by every instance and every build in one sorted set (<see cref="RedisKeys.Hits"/>), so
/// a new build pre-renders first the pages most requested on any instance.
/// </summary>
/// <remarks>
/// A hit never waits on Redis: <see cref="CountHit"/> adds to a bounded local buffer, sent every
/// <see cref="FlushInterval"/> (and when the store is disposed) by one script per batch of pages, the batches
/// pipelined. The counts decay as on disk, by traffic rather than by time: the script halves every count once as many
/// hits as pages counted times 16 have been added since the last halving, in the same atomic step as the batch that
/// crosses that line, whichever instance sent it; old traffic then weighs half as much, and pages no longer requested
/// drop out. <see cref="HitsOf"/> answers from a snapshot of the busiest counts that <see cref="LoadHitsAsync"/> reads
/// (after sending this instance's own) just before pre-rendering orders the pages. While Redis cannot be reached,
/// batches are dropped (the counts only order pre-rendering), the snapshot stays as it was, and failures are logged at
/// a bounded rate.
/// </remarks>
internal sealed class RedisPageTraffic : IAsyncDisposable, IDisposable
{
    /// <summary>The longest a counted hit waits before it reaches Redis.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    /// <summary>The most counts a snapshot holds: pages beyond the busiest this many count 0.</summary>
    internal const int MaxSnapshot = 100_000;

    /// <summary>Hits counted, per page counted, before every count is halved (as on disk).</summary>
    private const int HitsPerPageBeforeDecay = 16;

    /// <summary>The fewest hits counted before every count is halved (as on disk).</summary>
    private const int MinHitsBeforeDecay = 4096;

    /// <summary>The most pages counted between two flushes; hits on further pages are dropped until the next flush.</summary>
    private const int MaxPending = 10_000;

    private const int PagesPerScript = 256;
    private const int CountsPerRead = 10_000;
    private static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(3650);

    private readonly RedisConnection _connection;
    private readonly IOptions<StaticParamsOptions> _options;
    private readonly ILogger<RedisPageTraffic> _logger;
    private readonly LogThrottle _flushErrors;
    private readonly LogThrottle _loadErrors;
    private readonly RedisKey[] _keys;
    private readonly ITimer _timer;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly object _gate = new();
    private Dictionary<string, int> _pending = new(StringComparer.Ordinal);
    private volatile Dictionary<string, int> _snapshot = new(StringComparer.Ordinal);
    private int _disposed;

    public RedisPageTraffic(RedisConnection connection, IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<RedisPageTraffic> logger)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        _flushErrors = new(time, TimeSpan.FromMinutes(1));
        _loadErrors = new(time, TimeSpan.FromMinutes(1));
        _keys = [connection.Keys.Hits, connection.Keys.HitsSinceDecay];
        _timer = time.CreateTimer(_ => _ = FlushAsync(wait: false), null, FlushInterval, FlushInterval);
    }

    public void CountHit(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_pending.Count >= MaxPending && !_pending.ContainsKey(key))
            {
                return;
            }

            CollectionsMarshal.GetValueRefOrAddDefault(_pending, key, out _)++;
        }
    }

    public int HitsOf(string key) => _snapshot.TryGetValue(key, out var hits) ? hits : 0;

    /// <summary>
    /// Sends this instance's hits, then reads the busiest counts (at most <see cref="MaxSnapshot"/>, a page of them per
    /// call) that <see cref="HitsOf"/> answers from. A page whose count changes between two reads may appear in both:
    /// the first (busier) count is kept.
    /// </summary>
    public async ValueTask LoadHitsAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(wait: true).ConfigureAwait(false);
        try
        {
            // Read in pages: one reply of 100,000 counts takes a few hundred milliseconds, too close to the operation timeout.
            var snapshot = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var start = 0; start < MaxSnapshot; start += CountsPerRead)
            {
                var entries = await _connection.Database.SortedSetRangeByRankWithScoresAsync(_keys[0], start, start + CountsPerRead - 1, Order.Descending)
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var entry in entries)
                {
                    snapshot.TryAdd(entry.Element.ToString(), (int)Math.Min(entry.Score, int.MaxValue));
                }

                if (entries.Length < CountsPerRead)
                {
                    break;
                }
            }

            _snapshot = snapshot;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (_loadErrors.ShouldLog(out var suppressed))
            {
                RedisLog.HitsLoadFailed(_logger, suppressed, ex);
            }
        }
    }

    /// <summary>Sends the counted hits to Redis now, after a flush in progress (for tests and diagnostics).</summary>
    internal Task FlushAsync() => FlushAsync(wait: true);

    /// <summary>The timer's flush skips its turn while another one runs. Never throws.</summary>
    private async Task FlushAsync(bool wait)
    {
        if (!await _flushing.WaitAsync(wait ? Timeout.InfiniteTimeSpan : TimeSpan.Zero).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            if (TakePending() is { } pending)
            {
                await SendAsync(pending).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            if (_flushErrors.ShouldLog(out var suppressed))
            {
                RedisLog.HitsFlushFailed(_logger, suppressed, ex);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private Dictionary<string, int>? TakePending()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return null;
            }

            var taken = _pending;
            _pending = new(StringComparer.Ordinal);
            return taken;
        }
    }

    /// <summary>One script per <see cref="PagesPerScript"/> pages, so Redis is never held long; the scripts are pipelined.</summary>
    private async Task SendAsync(Dictionary<string, int> pending)
    {
        var expire = _options.Value.Expire;
        var ttl = expire >= MaxTimeToLive ? MaxTimeToLive : expire + TimeSpan.FromMinutes(1);
        RedisValue[] head = [HitsPerPageBeforeDecay, MinHitsBeforeDecay, (long)ttl.TotalMilliseconds];
        var database = _connection.Database;
        var scripts = new List<Task>();
        var values = new List<RedisValue>(head);
        foreach (var (key, hits) in pending)
        {
            values.Add(key);
            values.Add(hits);
            if (values.Count == head.Length + PagesPerScript * 2)
            {
                scripts.Add(database.ScriptEvaluateAsync(RedisTrafficScript.Add, _keys, [.. values]));
                values = new List<RedisValue>(head);
            }
        }

        if (values.Count > head.Length)
        {
            scripts.Add(database.ScriptEvaluateAsync(RedisTrafficScript.Add, _keys, [.. values]));
        }

        await Task.WhenAll(scripts).ConfigureAwait(false);
    }

    /// <summary>Stops the timer and sends the hits counted since the last flush (best effort).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
            await FlushAsync(wait: true).ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, waiting at most the operation timeout for the last flush.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer.Dispose();
            FlushAsync(wait: true).Wait(_connection.Options.OperationTimeout);
        }
    }
}
