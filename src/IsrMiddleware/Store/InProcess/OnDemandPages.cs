using Microsoft.Extensions.Options;

namespace IsrMiddleware.Store;

/// <summary>
/// The default ledger: keeps the pages this process created on demand (params no provider declared) within
/// <see cref="StaticParamsOptions.MaxOnDemandPages"/> and <see cref="StaticParamsOptions.MaxOnDemandBytes"/>, least
/// recently used first out. Declared pages never enter it.
/// </summary>
internal sealed class OnDemandPages(IOptions<StaticParamsOptions> options) : IOnDemandPageLedger
{
    private readonly object _gate = new();
    private readonly LinkedList<OnDemandPage> _order = new();
    private readonly Dictionary<string, LinkedListNode<OnDemandPage>> _nodes = new(StringComparer.Ordinal);
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

    /// <summary>Records a page stored on demand; returns the pages to evict to stay within the caps.</summary>
    public IReadOnlyList<OnDemandPage> Add(OnDemandPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var settings = options.Value;
        lock (_gate)
        {
            if (_nodes.TryGetValue(page.Key, out var counted) && counted.Value.Version > page.Version)
            {
                // A late record of an older version: the newer one stays counted.
                return [];
            }

            RemoveLocked(page.Key);
            _nodes[page.Key] = _order.AddFirst(page);
            _bytes += page.Bytes;

            List<OnDemandPage>? evicted = null;
            while (_order.Count > 1 && (_order.Count > settings.MaxOnDemandPages || _bytes > settings.MaxOnDemandBytes))
            {
                var oldest = _order.Last!.Value;
                RemoveLocked(oldest.Key);
                (evicted ??= []).Add(oldest);
            }

            return evicted ?? (IReadOnlyList<OnDemandPage>)[];
        }
    }

    public ValueTask<IReadOnlyList<OnDemandPage>> RecordAsync(OnDemandPage page, CancellationToken cancellationToken) => new(Add(page));

    public ValueTask<IReadOnlyList<OnDemandPage>> RestoreAsync(IReadOnlyList<OnDemandPage> pages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var evicted = new List<OnDemandPage>();
        foreach (var page in pages)
        {
            if (!IsCounted(page.Key))
            {
                evicted.AddRange(Add(page));
            }
        }

        return new(evicted);
    }

    private bool IsCounted(string key)
    {
        lock (_gate)
        {
            return _nodes.ContainsKey(key);
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

    public void Forget(string key, long upToVersion)
    {
        lock (_gate)
        {
            if (_nodes.TryGetValue(key, out var node) && node.Value.Version <= upToVersion)
            {
                RemoveLocked(key);
            }
        }
    }

    public ValueTask ForgetAsync(string key, long upToVersion, CancellationToken cancellationToken)
    {
        Forget(key, upToVersion);
        return ValueTask.CompletedTask;
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
