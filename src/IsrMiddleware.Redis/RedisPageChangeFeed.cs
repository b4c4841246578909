using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Store;

namespace IsrMiddleware.Redis;

/// <summary>
/// The change feed across instances: a change is announced to this process's listeners at once and published on a
/// Redis channel, whose messages from other instances reach the listeners here. When the subscription comes back
/// after a loss, the memory tier is re-checked: every stored version and invalidation in Redis is announced locally,
/// so copies replaced meanwhile are dropped and invalidations missed are applied. While the subscription is down (or a
/// publish failed) the same re-check runs every <see cref="RedisStoreOptions.HeartbeatInterval"/>, so changes made
/// elsewhere still reach the memory tier, late by at most that interval; changes this instance failed to publish are
/// kept and published again on the same beat (<see cref="RedisChangeOutbox"/>). Before that the dataset's epoch is
/// checked: a Redis that lost its data makes this instance announce <see cref="PageChangeKind.DataLost"/> here and
/// to the others, which check the epoch themselves (see <c>RedisPageStore.Epoch.cs</c>).
/// </summary>
internal sealed partial class RedisPageChangeFeed : IPageChangeFeed, IDisposable
{
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);

    private readonly RedisConnection _connection;
    private readonly RedisPageStore _store;
    private readonly ILogger<RedisPageChangeFeed> _logger;
    private readonly LogThrottle _publishErrors;
    private readonly LogThrottle _resyncErrors;
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _resynchronizing = new(1, 1);
    private readonly RedisChangeOutbox _outbox = new();
    private Action<PageChange>[] _listeners = [];
    private int _suspect;
    private int _rechecking;
    private long _loggedThrough;
    private int _suspicions;

    public RedisPageChangeFeed(RedisConnection connection, RedisPageStore store, TimeProvider time, ILogger<RedisPageChangeFeed> logger)
    {
        _connection = connection;
        _store = store;
        _time = time;
        _logger = logger;
        _publishErrors = new(time, ErrorLogInterval);
        _resyncErrors = new(time, ErrorLogInterval);
        connection.Multiplexer.ConnectionFailed += OnConnectionFailed;
        connection.Multiplexer.ConnectionRestored += OnConnectionRestored;
        store.DataLost += OnDataLost;
        store.LocalPagesRetired += OnLocalPagesRetired;
        _ = SubscribeAtStartAsync();
        _ = VerifyEpochAsync();
        _ = ReadInvalidationLogAsync();
    }

    /// <summary>Whether changes made by other instances may have been missed (the subscription is down or being re-checked).</summary>
    public bool IsSuspect => Volatile.Read(ref _suspect) == 1;

    /// <summary>Counts the changes received from other instances (for tests and diagnostics).</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _received;

    public async ValueTask PublishAsync(PageChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Deliver(change);
        var message = RedisChangeMessage.From(_connection.Options.InstanceName, _connection.Keys.Build, change).ToJson();
        try
        {
            await _connection.Multiplexer.GetSubscriber().PublishAsync(_connection.Keys.Changes, message).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _outbox.Add(message);
            BecomeSuspect();
            if (_publishErrors.ShouldLog(out var suppressed))
            {
                RedisLog.PublishFailed(_logger, suppressed, ex);
            }
        }
    }

    public IDisposable Subscribe(Action<PageChange> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _connection.Multiplexer.ConnectionFailed -= OnConnectionFailed;
        _connection.Multiplexer.ConnectionRestored -= OnConnectionRestored;
        _store.DataLost -= OnDataLost;
        _store.LocalPagesRetired -= OnLocalPagesRetired;
        try
        {
            // Not waited for: disposing never blocks on (or throws for) a Redis that is slow to answer.
            _connection.Multiplexer.GetSubscriber().Unsubscribe(_connection.Keys.Changes, OnMessage, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Disconnected or slow: the handler is removed here all the same.
        }
    }

    private async Task SubscribeAtStartAsync()
    {
        if (!await TrySubscribeAsync().ConfigureAwait(false))
        {
            BecomeSuspect();
        }
    }

    private async Task<bool> TrySubscribeAsync()
    {
        try
        {
            await _connection.SubscribeOnceAsync(_connection.Keys.Changes, OnMessage).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            if (_resyncErrors.ShouldLog(out var suppressed))
            {
                RedisLog.ResynchronizeFailed(_logger, suppressed, ex);
            }

            return false;
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        if (RedisChangeMessage.Parse(value.ToString()) is not { } message
            || string.Equals(message.Instance, _connection.Options.InstanceName, StringComparison.Ordinal))
        {
            return;
        }

        Interlocked.Increment(ref _received);
        if (message.Kind == PageChangeKind.DataLost)
        {
            // Its floor is not this instance's: check the epoch here, which announces the loss up to this floor.
            _ = VerifyEpochAsync();
            return;
        }

        if (message.Kind != PageChangeKind.Invalidated && !string.Equals(message.Build, _connection.Keys.Build, StringComparison.Ordinal))
        {
            // Another build's page, stored under its own keys: it neither replaces nor removes this build's.
            _store.Observe(message.Version);
            return;
        }

        Apply(message.ToChange());
    }

    /// <summary>Applies a change made by another instance to this process's listeners (the memory tier, the invalidation table).</summary>
    internal void Apply(PageChange change)
    {
        _store.Observe(change.Version);
        Deliver(change);
    }

    /// <summary>Only this instance holds pages numbered locally: it alone treats them as invalidated up to the highest local number.</summary>
    private void OnLocalPagesRetired(IReadOnlyCollection<string> keys, long upTo)
    {
        var now = _time.GetUtcNow();
        foreach (var key in keys)
        {
            Deliver(new PageChange(PageChangeKind.Invalidated, key, upTo, new Invalidation(InvalidationKind.Path, key, upTo, now)));
        }
    }

    private void OnDataLost(long upTo) => _ = PublishAsync(new PageChange(PageChangeKind.DataLost, string.Empty, upTo), CancellationToken.None).AsTask();

    private async Task VerifyEpochAsync()
    {
        try
        {
            await _store.VerifyEpochAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (_resyncErrors.ShouldLog(out var suppressed))
            {
                RedisLog.ResynchronizeFailed(_logger, suppressed, ex);
            }
        }
    }

    private void Deliver(PageChange change)
    {
        if (change.Kind == PageChangeKind.DataLost)
        {
            // A new dataset logs from its own numbers: read it from the start.
            Volatile.Write(ref _loggedThrough, 0);
        }

        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                listener(change);
            }
            catch (Exception)
            {
                // A failing listener must not keep the others from hearing of the change.
            }
        }
    }

    private void Unsubscribe(Action<PageChange> listener)
    {
        lock (_gate)
        {
            _listeners = _listeners.Where(known => known != listener).ToArray();
        }
    }

    private sealed class Subscription(RedisPageChangeFeed feed, Action<PageChange> listener) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(listener);
    }
}
