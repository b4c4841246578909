using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Engine;

/// <summary>
/// Remembers, in memory only and for <see cref="StaticParamsOptions.NotFoundLifetime"/>, the unknown-params keys whose
/// render answered 404, so that a fallback route answers 404 rather than its shell again. Bounded in count.
/// </summary>
internal sealed class NotFoundMarkers(IOptions<StaticParamsOptions> options, TimeProvider time)
{
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _markers = new(StringComparer.Ordinal);

    public void Add(string key)
    {
        if (_markers.Count >= Capacity)
        {
            _markers.Clear();
        }

        _markers[key] = time.GetUtcNow() + options.Value.NotFoundLifetime;
    }

    public bool Contains(string key)
    {
        if (!_markers.TryGetValue(key, out var until))
        {
            return false;
        }

        if (time.GetUtcNow() < until)
        {
            return true;
        }

        _markers.TryRemove(KeyValuePair.Create(key, until));
        return false;
    }

    public void Remove(string key) => _markers.TryRemove(key, out _);
}
