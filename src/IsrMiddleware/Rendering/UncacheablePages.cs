using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Rendering;

/// <summary>
/// Remembers, for <see cref="StaticParamsOptions.UncacheableLifetime"/>, the keys whose render turned out uncacheable, so
/// that their requests go straight to the endpoint (one render per request, no discarded capture) and the reason is
/// logged once per key rather than once per request. Bounded by <see cref="StaticParamsOptions.MaxUncacheablePages"/>;
/// the least recently seen key goes first.
/// </summary>
internal sealed class UncacheablePages(IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<UncacheablePages> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Verdict>> _verdicts = new(StringComparer.Ordinal);
    private readonly LinkedList<Verdict> _recency = new();

    /// <summary>How many keys are remembered, for tests and diagnostics.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _verdicts.Count;
            }
        }
    }

    /// <summary>Whether a recent render of the key was uncacheable: the request should run the endpoint itself.</summary>
    public bool IsUncacheable(string key)
    {
        lock (_lock)
        {
            if (!_verdicts.TryGetValue(key, out var node) || time.GetUtcNow() >= node.Value.Until)
            {
                return false;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return true;
        }
    }

    /// <summary>Records a render's uncacheable verdict; the first verdict for a key is logged with its reason.</summary>
    public void Remember(string key, string reason)
    {
        var capacity = options.Value.MaxUncacheablePages;
        var lifetime = options.Value.UncacheableLifetime;
        bool first;
        lock (_lock)
        {
            var until = time.GetUtcNow() + lifetime;
            first = !_verdicts.TryGetValue(key, out var node);
            if (first)
            {
                node = _recency.AddFirst(new Verdict(key, until));
                _verdicts.Add(key, node);
                while (_verdicts.Count > capacity && _recency.Last is { } oldest)
                {
                    _recency.RemoveLast();
                    _verdicts.Remove(oldest.Value.Key);
                }
            }
            else
            {
                node!.Value = new Verdict(key, until);
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
        }

        if (first)
        {
            UncacheableLog.Uncacheable(logger, key, reason, lifetime);
        }
    }

    private readonly record struct Verdict(string Key, DateTimeOffset Until);
}
