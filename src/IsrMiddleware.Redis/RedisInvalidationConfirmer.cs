using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Redis;

/// <summary>
/// Confirmed revalidation across instances. The asking instance publishes the invalidations it recorded under a new
/// id; every other instance applies them to its memory tier (the same path a change message takes, so it no longer
/// serves what they concern as fresh) and then publishes an acknowledgement. The asker waits until every instance
/// expected at the start acknowledged (those live by the heartbeat registry, and those seen live of late that did not
/// leave cleanly: after Redis lost its data the registry is empty), or the timeout passed. The request carries the
/// invalidations themselves, so an acknowledgement holds whatever order the change messages arrive in; an instance
/// whose subscription is down cannot acknowledge and is reported as lagging, as it should be.
/// </summary>
internal sealed class RedisInvalidationConfirmer : IInvalidationConfirmer, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly RedisPageChangeFeed _feed;
    private readonly RedisInstanceRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisInvalidationConfirmer> _logger;
    private readonly LogThrottle _confirmErrors;
    private readonly LogThrottle _ackErrors;
    private readonly ConcurrentDictionary<string, PendingConfirmation> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private volatile bool _listening;

    public RedisInvalidationConfirmer(
        RedisConnection connection, RedisPageChangeFeed feed, RedisInstanceRegistry registry, TimeProvider time, ILogger<RedisInvalidationConfirmer> logger)
    {
        _connection = connection;
        _feed = feed;
        _registry = registry;
        _time = time;
        _logger = logger;
        _confirmErrors = new(time, TimeSpan.FromMinutes(1));
        _ackErrors = new(time, TimeSpan.FromMinutes(1));
    }

    /// <summary>What a report lists as lagging when Redis could not tell which instances are live.</summary>
    public const string UnknownInstances = "(unknown: Redis cannot be reached)";

    private string Self => _connection.Options.InstanceName;

    /// <summary>
    /// Listens for requests and acknowledgements from other instances unless it already does (the connection
    /// resubscribes by itself after a reconnection); false while Redis cannot be reached.
    /// </summary>
    public async Task<bool> TryListenAsync()
    {
        if (_listening)
        {
            return true;
        }

        await _subscribing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_listening)
            {
                // Each handler once, even when a first attempt subscribed one of them before failing.
                await _connection.SubscribeOnceAsync(_connection.Keys.ConfirmRequests, OnRequest).ConfigureAwait(false);
                await _connection.SubscribeOnceAsync(_connection.Keys.ConfirmAcks, OnAck).ConfigureAwait(false);
                _listening = true;
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogConfirmFailure(ex);
        }
        finally
        {
            _subscribing.Release();
        }

        return _listening;
    }

    public async Task<RevalidationConfirmation> ConfirmAsync(IReadOnlyList<Invalidation> invalidations, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invalidations);
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        IReadOnlyList<string>? others = null;
        try
        {
            if (await TryListenAsync().WaitAsync(linked.Token).ConfigureAwait(false))
            {
                others = [.. (await _registry.GetExpectedAsync(linked.Token).ConfigureAwait(false)).Where(name => name != Self).Distinct(StringComparer.Ordinal)];
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogConfirmFailure(ex);
        }

        if (others is null)
        {
            // Without Redis the other instances cannot even be named, let alone asked: none is confirmed.
            return new RevalidationConfirmation([Self], [UnknownInstances]);
        }

        if (others.Count == 0)
        {
            return new RevalidationConfirmation([Self], []);
        }

        var pending = new PendingConfirmation(others);
        var id = Guid.NewGuid().ToString("N");
        _pending[id] = pending;
        try
        {
            var request = new RedisConfirmRequest(id, Self, [.. invalidations]).ToJson();
            await _connection.Multiplexer.GetSubscriber().PublishAsync(_connection.Keys.ConfirmRequests, request).WaitAsync(linked.Token).ConfigureAwait(false);
            await pending.AllAcknowledged.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (ex is not OperationCanceledException)
            {
                LogConfirmFailure(ex);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }

        var (applied, lagged) = pending.Snapshot();
        return new RevalidationConfirmation([Self, .. applied], lagged);
    }

    public void Dispose()
    {
        _subscribing.Dispose();
        try
        {
            var subscriber = _connection.Multiplexer.GetSubscriber();
            // Not waited for: disposing never blocks on (or throws for) a Redis that is slow to answer.
            subscriber.Unsubscribe(_connection.Keys.ConfirmRequests, OnRequest, CommandFlags.FireAndForget);
            subscriber.Unsubscribe(_connection.Keys.ConfirmAcks, OnAck, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Disconnected or slow: the handlers are removed here all the same.
        }
    }

    private void OnRequest(RedisChannel channel, RedisValue value)
    {
        if (RedisConfirmRequest.Parse(value.ToString()) is not { Invalidations: not null } request || request.Instance == Self)
        {
            return;
        }

        foreach (var invalidation in request.Invalidations)
        {
            _feed.Apply(new PageChange(PageChangeKind.Invalidated, invalidation.Target, invalidation.Version, invalidation));
        }

        _ = AcknowledgeAsync(request);
    }

    private async Task AcknowledgeAsync(RedisConfirmRequest request)
    {
        try
        {
            await _connection.Multiplexer.GetSubscriber().PublishAsync(_connection.Keys.ConfirmAcks, new RedisConfirmAck(request.Id, Self).ToJson()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_ackErrors.ShouldLog(out var suppressed))
            {
                RedisLog.AcknowledgeFailed(_logger, request.Instance, suppressed, ex);
            }
        }
    }

    private void OnAck(RedisChannel channel, RedisValue value)
    {
        if (RedisConfirmAck.Parse(value.ToString()) is { } ack && _pending.TryGetValue(ack.Id, out var pending))
        {
            pending.Acknowledged(ack.Instance);
        }
    }

    private void LogConfirmFailure(Exception exception)
    {
        if (_confirmErrors.ShouldLog(out var suppressed))
        {
            RedisLog.ConfirmFailed(_logger, suppressed, exception);
        }
    }
}
