using Microsoft.Extensions.Options;

namespace IsrMiddleware.Storage;

/// <summary>
/// Keeps the pages created on demand (params no provider declared) within <see cref="StaticParamsOptions.MaxOnDemandPages"/>
/// and <see cref="StaticParamsOptions.MaxOnDemandBytes"/>, least recently used first out. Declared pages never enter it.
/// </summary>
internal sealed class OnDemandPages(IOptions<StaticParamsOptions> options)
{
    private readonly object _gate = new();
    private readonly LinkedList<(string Key, long Bytes)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, long Bytes)>> _nodes = new(StringComparer.Ordinal);
    private long _bytes;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _nodes.Count;
            }
        }
    }

    /// <summary>Records a page stored on demand; returns the keys to evict to stay within the caps.</summary>
    public IReadOnlyList<string> Add(string key, long bytes)
    {
        var settings = options.Value;
        lock (_gate)
        {
            RemoveLocked(key);
            _nodes[key] = _order.AddFirst((key, bytes));
            _bytes += bytes;

            List<string>? evicted = null;
            while (_order.Count > 1 && (_order.Count > settings.MaxOnDemandPages || _bytes > settings.MaxOnDemandBytes))
            {
                var oldest = _order.Last!.Value.Key;
                RemoveLocked(oldest);
                (evicted ??= []).Add(oldest);
            }

            return evicted ?? (IReadOnlyList<string>)[];
        }
    }

    /// <summary>Marks an on-demand page as just used.</summary>
    public void Touch(string key)
    {
        lock (_gate)
        {
            if (_nodes.TryGetValue(key, out var node) && node != _order.First)
            {
                _order.Remove(node);
                _order.AddFirst(node);
            }
        }
    }

    public void Remove(string key)
    {
        lock (_gate)
        {
            RemoveLocked(key);
        }
    }

    private void RemoveLocked(string key)
    {
        if (_nodes.Remove(key, out var node))
        {
            _order.Remove(node);
            _bytes -= node.Value.Bytes;
        }
    }
}
