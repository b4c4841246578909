using System.Collections.Concurrent;

namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>Counts how often each path's endpoint ran.</summary>
public sealed class RenderCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _total;

    public int Total => Volatile.Read(ref _total);

    /// <summary>Every path whose endpoint ran at least once.</summary>
    public IReadOnlyCollection<string> Paths() => [.. _counts.Keys];

    public int For(string path) => _counts.TryGetValue(path, out var count) ? count : 0;

    public int Record(string path)
    {
        Interlocked.Increment(ref _total);
        return _counts.AddOrUpdate(path, 1, (_, count) => count + 1);
    }
}
