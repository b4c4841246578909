using System.Collections.Concurrent;
using IsrMiddleware.Declaration;

namespace IsrMiddleware.Engine;

/// <summary>
/// The pages that params providers declared at this start, with the route of each, and the progress of pre-rendering
/// them. Requests wait until start-up enumeration has published them, so a declared page is never answered 404 while
/// pre-rendering runs.
/// </summary>
internal sealed class DeclaredPages(PrerenderState prerender)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, StaticRoute> _keys = new(StringComparer.Ordinal);
    private int _generation;

    public Task WhenReady => _ready.Task;

    /// <summary>Start-up pre-rendering's progress over these pages.</summary>
    public PrerenderState Prerender => prerender;

    public int Count => _keys.Count;

    /// <summary>Changes each time the set changes (and when it is published): what a copy of it was built from.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Declares a route's pages (at start-up, or when a provider that failed then succeeds later).</summary>
    public void Add(StaticRoute route, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            _keys.TryAdd(key, route);
        }

        Interlocked.Increment(ref _generation);
    }

    /// <summary>
    /// Makes <paramref name="keys"/> the route's declared pages: keys it declared before but not now are no longer
    /// declared; keys another route declared stay that route's. Returns the keys added and removed.
    /// </summary>
    public (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) Replace(StaticRoute route, IReadOnlyCollection<string> keys)
    {
        var now = keys.ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var (key, owner) in _keys)
        {
            if (owner == route && !now.Contains(key) && _keys.TryRemove(KeyValuePair.Create(key, owner)))
            {
                removed.Add(key);
            }
        }

        var added = keys.Where(key => _keys.TryAdd(key, route)).ToList();
        if (added.Count > 0 || removed.Count > 0)
        {
            Interlocked.Increment(ref _generation);
        }

        return (added, removed);
    }

    /// <summary>Ends start-up enumeration: waiting requests go on.</summary>
    public void Publish()
    {
        _ready.TrySetResult();
        Interlocked.Increment(ref _generation);
    }

    public void Fail(Exception exception) => _ready.TrySetException(exception);

    public bool IsDeclared(string key) => _keys.ContainsKey(key);

    /// <summary>Every declared key with the route that declared it.</summary>
    public IEnumerable<KeyValuePair<string, StaticRoute>> Entries => _keys;

    /// <summary>Every declared key (empty until published).</summary>
    public ICollection<string> Keys => _keys.Keys;

    /// <summary>The route that declared a key, if any.</summary>
    public StaticRoute? RouteOf(string key) => _keys.GetValueOrDefault(key);
}
