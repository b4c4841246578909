using StackExchange.Redis;

namespace IsrMiddleware.Redis;

/// <summary>
/// Keeping the memory tier right when messages may have been missed: the re-check while the subscription is down or a
/// publish failed (with the outbox of unsent changes), the full resynchronization, and the beat that reads the invalidation log.
/// </summary>
internal sealed partial class RedisPageChangeFeed
{
    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs args)
    {
        _store.Unverify();
        Interlocked.Increment(ref _suspicions);
        if (Interlocked.Exchange(ref _suspect, 1) == 0)
        {
            RedisLog.SubscriptionLost(_logger, args.FailureType.ToString());
        }

        StartRechecking();
    }

    private void BecomeSuspect()
    {
        Interlocked.Increment(ref _suspicions);
        Volatile.Write(ref _suspect, 1);
        StartRechecking();
    }

    private void StartRechecking()
    {
        if (!_stopping.IsCancellationRequested && Interlocked.Exchange(ref _rechecking, 1) == 0)
        {
            _ = RecheckWhileSuspectAsync();
        }
    }

    /// <summary>Re-checks the memory tier against Redis every heartbeat interval until the subscription is back.</summary>
    private async Task RecheckWhileSuspectAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(_connection.Options.HeartbeatInterval, _time);
            while ((IsSuspect || !_outbox.IsEmpty) && await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                await ResynchronizeAsync().ConfigureAwait(false);
                await FlushOutboxAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            Volatile.Write(ref _rechecking, 0);
        }

        // A suspicion raised between the last check and the flag's reset still gets its loop.
        if (IsSuspect || !_outbox.IsEmpty)
        {
            StartRechecking();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs args) => _ = ResynchronizeAsync();

    /// <summary>
    /// Checks the epoch (a loss is announced first), announces every version and invalidation Redis holds to this
    /// process, then clears the suspicion.
    /// </summary>
    internal async Task ResynchronizeAsync()
    {
        // One at a time: reconnections fire once per endpoint and connection type, and the re-check loop runs too.
        await _resynchronizing.WaitAsync().ConfigureAwait(false);
        var suspicions = Volatile.Read(ref _suspicions);
        try
        {
            var subscribed = await TrySubscribeAsync().ConfigureAwait(false);
            await _store.VerifyEpochAsync(CancellationToken.None).ConfigureAwait(false);
            var invalidations = await _store.GetInvalidationsAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var invalidation in invalidations)
            {
                Deliver(new PageChange(PageChangeKind.Invalidated, invalidation.Target, invalidation.Version, invalidation));
            }

            var pages = await _store.GetAllMetadataAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var page in pages)
            {
                Deliver(new PageChange(PageChangeKind.Stored, page.Key, page.Version));
            }

            // A suspicion raised while this ran (the connection dropped again) stands.
            if (subscribed && Volatile.Read(ref _suspicions) == suspicions)
            {
                Volatile.Write(ref _suspect, 0);
                RedisLog.Resynchronized(_logger, pages.Count, invalidations.Count);
            }
        }
        catch (Exception ex)
        {
            if (_resyncErrors.ShouldLog(out var suppressed))
            {
                RedisLog.ResynchronizeFailed(_logger, suppressed, ex);
            }
        }
        finally
        {
            _resynchronizing.Release();
        }
    }

    private async Task FlushOutboxAsync()
    {
        try
        {
            var subscriber = _connection.Multiplexer.GetSubscriber();
            await _outbox.FlushAsync(message => subscriber.PublishAsync(_connection.Keys.Changes, message)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_publishErrors.ShouldLog(out var suppressed))
            {
                RedisLog.PublishFailed(_logger, suppressed, ex);
            }
        }
    }

    /// <summary>
    /// Every heartbeat interval, reads the invalidations logged since the last beat and applies them: a message lost on
    /// its way (its publisher died between recording and publishing, say) still reaches this instance, one interval
    /// late, for one read a beat plus one read of the records made since.
    /// </summary>
    private async Task ReadInvalidationLogAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(_connection.Options.HeartbeatInterval, _time);
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    var (recorded, through) = await _store.GetInvalidationsAfterAsync(Interlocked.Read(ref _loggedThrough), _stopping.Token).ConfigureAwait(false);
                    foreach (var invalidation in recorded)
                    {
                        Deliver(new PageChange(PageChangeKind.Invalidated, invalidation.Target, invalidation.Version, invalidation));
                    }

                    Volatile.Write(ref _loggedThrough, through);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Redis away: the re-check after the reconnection covers it.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
