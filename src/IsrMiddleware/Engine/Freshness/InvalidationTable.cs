using System.Collections.Concurrent;

namespace IsrMiddleware.Engine;

/// <summary>
/// The latest invalidation version of each path and tag, held in memory so that deciding freshness on a hit does no
/// I/O and allocates nothing. Loaded from the store at start-up and kept current by the change feed. A store that
/// lost its data (<see cref="PageChangeKind.DataLost"/>) makes every version up to the one announced stale, whatever
/// its path and tags. A prefix record is one entry too: a key is checked against the prefixes of the lengths recorded
/// (a few), each one dictionary look-up of a slice of the key, with no scan and no allocation.
/// </summary>
internal sealed class InvalidationTable : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _paths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _tags = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _prefixes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _prefixSlices;
    private volatile int[] _prefixLengths = [];
    private readonly IDisposable _subscription;
    private long _latest;
    private long _staleUpTo;

    public InvalidationTable(IPageChangeFeed feed)
    {
        _prefixSlices = _prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        _subscription = feed.Subscribe(change =>
        {
            if (change is { Kind: PageChangeKind.Invalidated, Invalidation: { } invalidation })
            {
                Apply(invalidation);
            }
            else if (change.Kind == PageChangeKind.DataLost)
            {
                ApplyDataLost(change.Version);
            }
        });
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>The highest version of any invalidation applied.</summary>
    public long Latest => Interlocked.Read(ref _latest);

    public void Apply(Invalidation invalidation)
    {
        if (invalidation.Kind == InvalidationKind.Prefix)
        {
            ApplyPrefix(invalidation);
            return;
        }

        var table = invalidation.Kind == InvalidationKind.Path ? _paths : _tags;
        table.AddOrUpdate(invalidation.Target, invalidation.Version, (_, known) => Math.Max(known, invalidation.Version));
        Raise(ref _latest, invalidation.Version);
    }

    /// <summary>Every version up to <paramref name="upTo"/> is stale (the store lost invalidations that may concern it).</summary>
    public void ApplyDataLost(long upTo)
    {
        Raise(ref _staleUpTo, upTo);
        Raise(ref _latest, upTo);
    }

    /// <summary>Whether an invalidation of the key or of one of the tags is as recent as the version or more.</summary>
    public bool Concerns(string key, IReadOnlyList<string> tags, long version)
    {
        if (version > Interlocked.Read(ref _latest))
        {
            return false;
        }

        if (version <= Interlocked.Read(ref _staleUpTo))
        {
            return true;
        }

        if (_paths.TryGetValue(key, out var invalidated) && invalidated >= version)
        {
            return true;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            if (_tags.TryGetValue(tags[i], out invalidated) && invalidated >= version)
            {
                return true;
            }
        }

        foreach (var length in _prefixLengths)
        {
            if (length <= key.Length && _prefixSlices.TryGetValue(key.AsSpan(0, length), out invalidated) && invalidated >= version)
            {
                return true;
            }
        }

        return false;
    }

    private void ApplyPrefix(Invalidation invalidation)
    {
        _prefixes.AddOrUpdate(invalidation.Target, invalidation.Version, (_, known) => Math.Max(known, invalidation.Version));
        lock (_prefixes)
        {
            if (Array.IndexOf(_prefixLengths, invalidation.Target.Length) < 0)
            {
                _prefixLengths = [.. _prefixLengths, invalidation.Target.Length];
            }
        }

        Raise(ref _latest, invalidation.Version);
    }

    private static void Raise(ref long field, long value)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref field);
        }
        while (value > current && Interlocked.CompareExchange(ref field, value, current) != current);
    }
}
