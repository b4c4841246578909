using System.Collections.Concurrent;

namespace IsrMiddleware.BenchApp;

/// <summary>How many times each path was rendered by one instance.</summary>
internal sealed class RenderCounts
{
    private readonly ConcurrentDictionary<string, int> _byPath = new(StringComparer.Ordinal);

    public int Total => _byPath.Values.Sum();

    public void Record(string path) => _byPath.AddOrUpdate(path, 1, (_, count) => count + 1);

    public int For(string path) => _byPath.GetValueOrDefault(path);
}
