using StackExchange.Redis;

namespace IsrMiddleware.Redis;

/// <summary>
/// Noticing that Redis lost its data (a restart without persistence, a failover to an empty replica); an eviction of
/// the invalidation records alone is not noticed, hence <c>maxmemory-policy noeviction</c>.
/// <para>
/// The rule to keep: a page is fresh only if its render started after the last invalidation that concerns it, and
/// numbers from one counter stand for that order. A loss breaks it twice: the counter restarts, so an invalidation
/// recorded afterwards may get a number below pages that instances hold in memory (raising the counter to the
/// recorder's floor protects only the recorder's own pages: another instance may hold numbers it never saw, such as
/// renders numbered locally during the outage); and invalidations recorded before the loss are gone, so an instance
/// that missed one (its subscription was down) can never learn it.
/// </para>
/// <para>
/// So the dataset carries an epoch: a random id in <c>{seq}:epoch</c>, created by whichever instance first finds it
/// missing. Every script that hands out a number reads it and raises the counter to the caller's floor in the same
/// atomic step, and every instance checks it again when its connection comes back (and when another instance
/// announces a loss). An instance that finds an epoch other than the one it knew has every version it may hold
/// numbered at or below its floor (the highest number it has seen), and announces
/// <see cref="PageChangeKind.DataLost"/> up to that floor: its memory tier serves those pages as stale from then on,
/// and each is rendered again. Those renders take numbers from the raised counter, above the floor; and since from
/// the moment an instance joins the new epoch its numbers and everyone else's come from one counter that only rises,
/// a render numbered after the join is ordered after every invalidation recorded before its start, including ones
/// recorded after the loss by an instance with a lower floor. Invalidations lost with the data concern only versions
/// numbered before the loss: all of them at or below the floor of the instance holding them, hence stale.
/// </para>
/// <para>
/// A version numbered before the loss is never written into the new dataset (another instance could read it there
/// and trust a number it has no way to order): after a reconnection the epoch is checked before the first write.
/// An instance learns of the loss at the latest on its reconnection (its pages may be served as fresh until then,
/// which is the time Redis itself took to come back).
/// </para>
/// </summary>
internal sealed partial class RedisPageStore
{
    private string? _epoch;
    private long _epochFloor;
    private readonly object _verifyGate = new();
    private Task? _verification;
    private int _drops = 1;
    private int _verifiedAt;
    private int _numberedBeforeJoin;

    /// <summary>A new id for each script: one an instance proposed before the loss must never come back as the new epoch.</summary>
    private static string NewEpoch() => Guid.NewGuid().ToString("N");

    /// <summary>Raised with the highest version numbered before the loss when this instance finds Redis lost its data.</summary>
    internal event Action<long>? DataLost;

    /// <summary>The connection dropped: the epoch is checked again before the next write.</summary>
    internal void Unverify() => Interlocked.Increment(ref _drops);

    /// <summary>
    /// Joins the current epoch (raising the counter to this instance's floor); throws when Redis cannot be reached.
    /// Concurrent callers share one check, and a drop while it runs leaves the store unverified.
    /// </summary>
    internal Task VerifyEpochAsync(CancellationToken cancellationToken)
    {
        Task check;
        lock (_verifyGate)
        {
            // A finished check (passed or failed) is not shared: the next caller starts another.
            if (_verification is not { IsCompleted: false })
            {
                _verification = VerifyOnceAsync();
            }

            check = _verification;
        }

        return check.WaitAsync(cancellationToken);
    }

    private async Task VerifyOnceAsync()
    {
        var drops = Volatile.Read(ref _drops);
        var floor = Interlocked.Read(ref _highestSeen);
        var result = await Db.ScriptEvaluateAsync(RedisScripts.JoinEpoch, [_keys.Sequence, _keys.Epoch], [NewEpoch(), floor]).ConfigureAwait(false);
        Joined((string)((RedisResult[])result!)[1]!, floor);
        RetireLocalNumbers();
        Volatile.Write(ref _verifiedAt, drops);
    }

    /// <summary>The number a numbering script returned, once its epoch is checked.</summary>
    private long Numbered(RedisResult result, long floor)
    {
        var values = (RedisResult[])result!;
        Joined((string)values[1]!, floor);
        RetireLocalNumbers();
        return (long)values[0];
    }

    /// <summary>Raises a field shared between threads to a value, unless it already holds a higher one.</summary>
    private static void RaiseTo(ref long field, long value)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref field);
        }
        while (value > current && Interlocked.CompareExchange(ref field, value, current) != current);
    }

    /// <summary>Whether a version may go into Redis: not one numbered before the epoch this instance is in.</summary>
    private async ValueTask<bool> MayStoreAsync(long version, CancellationToken cancellationToken)
    {
        // A check that started before the latest drop does not count: wait for one that started after it.
        for (var attempt = 0; Volatile.Read(ref _verifiedAt) != Volatile.Read(ref _drops); attempt++)
        {
            if (attempt == 3)
            {
                return false;
            }

            await VerifyEpochAsync(cancellationToken).ConfigureAwait(false);
        }

        return version > Interlocked.Read(ref _epochFloor);
    }

    /// <summary>
    /// Compares the dataset's epoch with the one known; on a change, everything seen so far is from before it. The
    /// floor of what may be stored is raised before the new epoch is adopted, so no writer that sees the new epoch can
    /// still compare against the old floor.
    /// </summary>
    private void Joined(string epoch, long floor)
    {
        while (true)
        {
            var known = Volatile.Read(ref _epoch);
            if (string.Equals(known, epoch, StringComparison.Ordinal))
            {
                return;
            }

            // A first contact is no loss, unless renders were numbered locally before it: those follow no dataset's order.
            // (What the instance read from Redis came after its first join was sent, from the dataset it joins.)
            var lost = known is not null || Volatile.Read(ref _numberedBeforeJoin) == 1;

            // The floor sent, or more: a reply from the old dataset may have been read since it was sent.
            var upTo = Math.Max(floor, Interlocked.Read(ref _highestSeen));
            if (lost)
            {
                RaiseTo(ref _epochFloor, upTo);
            }

            if (Interlocked.CompareExchange(ref _epoch, epoch, known) != known)
            {
                continue;
            }

            if (lost)
            {
                RedisLog.DataLost(logger, known ?? "none", epoch, upTo);
                DataLost?.Invoke(upTo);
            }

            return;
        }
    }
}
