using IsrMiddleware.Engine;
namespace IsrMiddleware.Diagnostics;

/// <summary>
/// Counts per fixed time slot over a sliding window (the status page's chart and rates): a ring of slots, each reset
/// when the clock reaches it again. Adding is lock-free except for the first add of a new slot.
/// </summary>
internal sealed class ActivityBuckets
{
    private readonly TimeProvider _time;
    private readonly Slot[] _slots;

    private readonly int _series;

    public ActivityBuckets(TimeProvider time, TimeSpan width, int count, int series)
    {
        _time = time;
        Width = width;
        _series = series;
        _slots = Enumerable.Range(0, count).Select(_ => new Slot(series)).ToArray();
    }

    public TimeSpan Width { get; }

    public int Count => _slots.Length;

    public void Add(int series)
    {
        var epoch = _time.GetUtcNow().UtcTicks / Width.Ticks;
        var slot = _slots[epoch % _slots.Length];
        if (Volatile.Read(ref slot.Epoch) != epoch)
        {
            lock (slot)
            {
                if (slot.Epoch != epoch)
                {
                    Array.Clear(slot.Counts);
                    Volatile.Write(ref slot.Epoch, epoch);
                }
            }
        }

        Interlocked.Increment(ref slot.Counts[series]);
    }

    /// <summary>The counts of the window, oldest slot first; the last slot is the one now filling.</summary>
    public (DateTimeOffset Start, long[] Counts)[] Snapshot()
    {
        var now = _time.GetUtcNow().UtcTicks / Width.Ticks;
        var result = new (DateTimeOffset, long[])[_slots.Length];
        for (var i = 0; i < _slots.Length; i++)
        {
            var epoch = now - (_slots.Length - 1) + i;
            var slot = _slots[epoch % _slots.Length];
            var counts = new long[_series];
            if (Volatile.Read(ref slot.Epoch) == epoch)
            {
                for (var s = 0; s < _series; s++)
                {
                    counts[s] = Interlocked.Read(ref slot.Counts[s]);
                }
            }

            result[i] = (new DateTimeOffset(epoch * Width.Ticks, TimeSpan.Zero), counts);
        }

        return result;
    }

    private sealed class Slot(int series)
    {
        public long Epoch = -1;
        public readonly long[] Counts = new long[series];
    }
}
