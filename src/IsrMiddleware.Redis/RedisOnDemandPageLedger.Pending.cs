using System.Runtime.InteropServices;

namespace IsrMiddleware.Redis;

/// <summary>The local buffer of noted uses and forgotten pages: one operation per key, bounded, swapped out to be sent.</summary>
internal sealed partial class RedisOnDemandPageLedger
{
    /// <summary>The most keys noted between two flushes; further uses are dropped (they only refine the order).</summary>
    private const int MaxPending = 10_000;

    private readonly object _gate = new();
    private Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private Dictionary<string, Pending>? _spare;

    /// <summary>Notes an operation; a use never replaces a forget noted for the same key, anything else replaces it.</summary>
    private void Note(string key, Pending operation)
    {
        lock (_gate)
        {
            if (_pending.Count >= MaxPending && !_pending.ContainsKey(key))
            {
                return;
            }

            ref var noted = ref CollectionsMarshal.GetValueRefOrAddDefault(_pending, key, out var exists);
            if (!exists || operation.Kind != RedisLedgerScript.Touched)
            {
                noted = operation;
            }
        }
    }

    private Dictionary<string, Pending>? TakePending()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return null;
            }

            var taken = _pending;
            _pending = Interlocked.Exchange(ref _spare, null) ?? new(StringComparer.Ordinal);
            return taken;
        }
    }

    /// <summary>Puts back the forgotten pages of a batch that did not reach Redis (uses are dropped: they only refine the order).</summary>
    private void Requeue(Dictionary<string, Pending>? batch)
    {
        if (batch is null)
        {
            return;
        }

        foreach (var (key, operation) in batch)
        {
            if (operation.Kind == RedisLedgerScript.Forgotten)
            {
                lock (_gate)
                {
                    if (_pending.Count < MaxPending)
                    {
                        _pending.TryAdd(key, operation);
                    }
                }
            }
        }
    }

    private void Recycle(Dictionary<string, Pending>? batch)
    {
        if (batch is not null)
        {
            batch.Clear();
            Interlocked.CompareExchange(ref _spare, batch, null);
        }
    }

    private readonly record struct Pending(string Kind, long Version);
}
