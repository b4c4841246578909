using System.Collections.Concurrent;

namespace IsrMiddleware.Prerendering;

/// <summary>
/// The keys that params providers declared, published once start-up enumeration ends. Requests wait for it, so a
/// declared page is never answered 404 while pre-rendering runs.
/// </summary>
internal sealed class KnownPages
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);

    public Task WhenReady => _ready.Task;

    public void Publish(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            _keys.TryAdd(key, 0);
        }

        _ready.TrySetResult();
    }

    public void Fail(Exception exception) => _ready.TrySetException(exception);

    public bool IsDeclared(string key) => _keys.ContainsKey(key);

    /// <summary>Every declared key, once <see cref="WhenReady"/> has completed.</summary>
    public IEnumerable<string> Keys => _keys.Keys;
}
