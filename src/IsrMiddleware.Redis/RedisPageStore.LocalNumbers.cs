using System.Collections.Concurrent;

namespace IsrMiddleware.Redis;

/// <summary>Numbers handed out locally while Redis cannot number a render, and their retirement once it can.</summary>
internal sealed partial class RedisPageStore
{
    private const int MaxRetiredRanges = 32;

    private readonly ConcurrentDictionary<string, byte> _localKeys = new(StringComparer.Ordinal);
    private readonly Queue<(long From, long UpTo)> _retired = new();
    private long _localFrom;
    private long _localUpTo;

    /// <summary>
    /// A local number for a render while Redis cannot be reached. It is provisional: other instances may meanwhile take
    /// the same and lower numbers from the counter for invalidations recorded after this render started, so a local
    /// number cannot be ordered against them. It is therefore never written to Redis (the floor of what may be stored
    /// rises to it at once), and once a number comes from Redis again the pages this instance stored with local numbers
    /// are stale here (<see cref="LocalPagesRetired"/>) and rendered again with numbers from the counter, which the
    /// numbering script has raised above every local one.
    /// </summary>
    private long NumberLocally()
    {
        if (Volatile.Read(ref _epoch) is null)
        {
            Volatile.Write(ref _numberedBeforeJoin, 1);
        }

        var version = Interlocked.Increment(ref _highestSeen);
        Interlocked.CompareExchange(ref _localFrom, version, 0);
        RaiseTo(ref _epochFloor, version);
        RaiseTo(ref _localUpTo, version);
        return version;
    }

    /// <summary>Raised, once a number comes from Redis again, with the pages stored with local numbers and the highest of those numbers.</summary>
    internal event Action<IReadOnlyCollection<string>, long>? LocalPagesRetired;

    /// <summary>
    /// Remembers a page about to be stored with a local number (it may stay in this instance's memory tier); one whose
    /// number was retired while it rendered is retired at once, before it can reach the memory tier.
    /// </summary>
    private void NoteIfLocal(StoredPage page)
    {
        if (Interlocked.Read(ref _localUpTo) is var upTo and > 0 && page.Version >= Interlocked.Read(ref _localFrom) && page.Version <= upTo)
        {
            _localKeys.TryAdd(page.Key, 0);
            return;
        }

        (long From, long UpTo)? retired = null;
        lock (_retired)
        {
            foreach (var range in _retired)
            {
                if (page.Version >= range.From && page.Version <= range.UpTo)
                {
                    retired = range;
                }
            }
        }

        if (retired is { } late)
        {
            LocalPagesRetired?.Invoke([page.Key], late.UpTo);
        }
    }

    /// <summary>After a number from Redis: the pages stored with local numbers are retired (see <see cref="NumberLocally"/>).</summary>
    private void RetireLocalNumbers()
    {
        if (Interlocked.Read(ref _localUpTo) == 0 || Interlocked.Exchange(ref _localUpTo, 0) is not (var upTo and > 0))
        {
            return;
        }

        var from = Interlocked.Exchange(ref _localFrom, 0);
        lock (_retired)
        {
            _retired.Enqueue((from, upTo));
            if (_retired.Count > MaxRetiredRanges)
            {
                _retired.Dequeue();
            }
        }

        var keys = _localKeys.Keys.ToArray();
        foreach (var key in keys)
        {
            _localKeys.TryRemove(key, out _);
        }

        RedisLog.LocalNumbersRetired(logger, keys.Length, upTo);
        if (keys.Length > 0)
        {
            LocalPagesRetired?.Invoke(keys, upTo);
        }
    }
}
