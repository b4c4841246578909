using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Redis;

/// <summary>
/// The on-demand page ledger every instance shares, in Redis: a sorted set of the on-demand keys by last store or use,
/// a hash of their versions and sizes, and the total, all changed by one script (see <see cref="RedisLedgerScript"/>)
/// that also names the pages to evict beyond the caps, so the caps hold for the whole cluster.
/// </summary>
/// <remarks>
/// A hit never waits on Redis: <see cref="Touch"/> only notes the key in a bounded local buffer. Noted uses and
/// forgotten pages go to Redis with the next store this instance records, or at the latest one
/// <see cref="FlushInterval"/> later in the background, so eviction follows the order of use cluster-wide to within a
/// second. (Ordering by store time alone would need no buffer, but would evict a page served all day before one
/// requested once, unlike the in-process ledger.) When Redis cannot be reached a store's record throws (the page is
/// counted again when an instance next starts), and this instance's own count keeps the caps meanwhile; uses noted
/// then are dropped, forgotten pages are sent again. An entry whose page expired from Redis stays until evicted (its
/// removal then finds nothing); the ledger's keys expire an expire period after their last change.
/// </remarks>
internal sealed partial class RedisOnDemandPageLedger : IOnDemandPageLedger, IDisposable
{
    /// <summary>The longest a noted use waits before it reaches Redis.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private const int OperationsPerScript = 256;
    private static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(3650);

    private readonly RedisConnection _connection;
    private readonly IOptions<StaticParamsOptions> _options;
    private readonly ILogger<RedisOnDemandPageLedger> _logger;
    private readonly LogThrottle _errors;
    private readonly RedisKey[] _keys;
    private readonly ITimer _timer;
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public RedisOnDemandPageLedger(
        RedisConnection connection, IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<RedisOnDemandPageLedger> logger)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        _errors = new(time, TimeSpan.FromMinutes(1));
        _keys = [connection.Keys.OnDemandOrder, connection.Keys.OnDemandEntries, connection.Keys.OnDemandTotals];
        _timer = time.CreateTimer(_ => _ = FlushAsync(wait: false), null, FlushInterval, FlushInterval);
    }

    public async ValueTask<IReadOnlyList<OnDemandPage>> RecordAsync(OnDemandPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var pending = TakePending();
        try
        {
            return await SendAsync(pending, [page], RedisLedgerScript.Stored, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Requeue(pending);
            throw;
        }
        finally
        {
            Recycle(pending);
        }
    }

    /// <summary>Counts the pages absent from the ledger as the least recently used (sent newest first), so none outranks a page in use.</summary>
    public async ValueTask<IReadOnlyList<OnDemandPage>> RestoreAsync(IReadOnlyList<OnDemandPage> pages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return await SendAsync(null, pages.Reverse(), RedisLedgerScript.Restored, cancellationToken).ConfigureAwait(false);
    }

    public void Touch(string key) => Note(key, new Pending(RedisLedgerScript.Touched, 0));

    public ValueTask ForgetAsync(string key, long upToVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Note(key, new Pending(RedisLedgerScript.Forgotten, upToVersion));
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends the noted uses and forgotten pages to Redis now, after a flush in progress (for tests and diagnostics).</summary>
    internal Task FlushAsync() => FlushAsync(wait: true);

    /// <summary>The timer's flush skips its turn while another one runs.</summary>
    private async Task FlushAsync(bool wait)
    {
        if (!await _flushing.WaitAsync(wait ? Timeout.InfiniteTimeSpan : TimeSpan.Zero).ConfigureAwait(false))
        {
            return;
        }

        var pending = TakePending();
        try
        {
            if (pending is not null)
            {
                await SendAsync(pending, [], RedisLedgerScript.Stored, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Requeue(pending);
            if (_errors.ShouldLog(out var suppressed))
            {
                RedisLog.LedgerFlushFailed(_logger, suppressed, ex);
            }
        }
        finally
        {
            Recycle(pending);
            _flushing.Release();
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>
    /// Sends the noted operations, then <paramref name="pages"/> as <paramref name="kind"/>, a bounded number per script
    /// so Redis is never held long; only the scripts that carry pages evict.
    /// </summary>
    private async Task<IReadOnlyList<OnDemandPage>> SendAsync(
        Dictionary<string, Pending>? pending, IEnumerable<OnDemandPage> pages, string kind, CancellationToken cancellationToken)
    {
        var evicted = new List<OnDemandPage>();
        var values = new List<RedisValue>();
        foreach (var (key, operation) in pending ?? [])
        {
            AddOperation(values, operation.Kind, key, operation.Version, 0);
            if (values.Count == OperationsPerScript * 4)
            {
                await RunAsync(values, evict: false, cancellationToken).ConfigureAwait(false);
                values.Clear();
            }
        }

        var carriesPages = false;
        foreach (var page in pages)
        {
            AddOperation(values, kind, page.Key, page.Version, page.Bytes);
            carriesPages = true;
            if (values.Count == OperationsPerScript * 4)
            {
                evicted.AddRange(await RunAsync(values, evict: true, cancellationToken).ConfigureAwait(false));
                values.Clear();
                carriesPages = false;
            }
        }

        if (values.Count > 0)
        {
            evicted.AddRange(await RunAsync(values, carriesPages, cancellationToken).ConfigureAwait(false));
        }

        return evicted;
    }

    private static void AddOperation(List<RedisValue> values, string kind, string key, long version, long bytes)
    {
        values.Add(kind);
        values.Add(key);
        values.Add(version);
        values.Add(bytes);
    }

    /// <summary>Runs the script over the operations in <paramref name="operations"/>; returns the pages it evicted.</summary>
    private async Task<IReadOnlyList<OnDemandPage>> RunAsync(List<RedisValue> operations, bool evict, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var ttl = options.Expire >= MaxTimeToLive ? MaxTimeToLive : options.Expire + TimeSpan.FromMinutes(1);
        RedisValue[] values = [evict ? options.MaxOnDemandPages : 0, options.MaxOnDemandBytes, (long)ttl.TotalMilliseconds, .. operations];
        var result = await _connection.Database.ScriptEvaluateAsync(RedisLedgerScript.Apply, _keys, values)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var fields = (RedisValue[]?)result ?? [];
        if (fields.Length == 0)
        {
            return [];
        }

        var evicted = new List<OnDemandPage>(fields.Length / 3);
        for (var i = 0; i + 2 < fields.Length; i += 3)
        {
            evicted.Add(new OnDemandPage(fields[i].ToString(), (long)fields[i + 1], (long)fields[i + 2]));
        }

        return evicted;
    }
}
