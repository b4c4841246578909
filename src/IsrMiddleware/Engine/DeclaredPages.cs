using IsrMiddleware.Declaration;
using IsrMiddleware.Store;

namespace IsrMiddleware.Engine;

/// <summary>
/// The pages that params providers declared at this start, with the route of each, and the progress of pre-rendering
/// them. Requests wait until start-up enumeration has published them, so a declared page is never answered 404 while
/// pre-rendering runs. Compact for large sites: a key maps to a route number, the key's instance is the store's when it
/// holds one, and the table is replaced whole on each (rare) change so that reads take no lock.
/// </summary>
internal sealed class DeclaredPages(PrerenderState prerender, IPageStore store)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _enumerated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly List<StaticRoute> _routes = [];
    private volatile Dictionary<string, ushort> _keys = new(StringComparer.Ordinal);
    private int _generation;

    public Task WhenReady => _ready.Task;

    /// <summary>
    /// Completes once the params providers have run at this start. On a warm restart the set is published from the
    /// stored pages first, and a key it does not hold waits for this before it is answered as unknown.
    /// </summary>
    public Task WhenEnumerated => _enumerated.Task;

    /// <summary>Published, and the params providers have run at this start.</summary>
    public bool IsEnumerated => _ready.Task.IsCompletedSuccessfully && _enumerated.Task.IsCompleted;

    /// <summary>Start-up pre-rendering's progress over these pages.</summary>
    public PrerenderState Prerender => prerender;

    public int Count => _keys.Count;

    /// <summary>Changes each time the set changes (and when it is published): what a copy of it was built from.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Declares a route's pages (at start-up, or when a provider that failed then succeeds later).</summary>
    public void Add(StaticRoute route, IEnumerable<string> keys)
    {
        lock (_gate)
        {
            var id = RouteId(route);
            var next = new Dictionary<string, ushort>(_keys.Count + (keys is ICollection<string> collection ? collection.Count : 0), StringComparer.Ordinal);
            foreach (var (key, owner) in _keys)
            {
                next.Add(key, owner);
            }

            foreach (var key in keys)
            {
                next.TryAdd(Canonical(key), id);
            }

            _keys = next;
            Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>
    /// Makes <paramref name="keys"/> the route's declared pages: keys it declared before but not now are no longer
    /// declared; keys another route declared stay that route's. Returns the keys added and removed.
    /// </summary>
    public (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) Replace(StaticRoute route, IReadOnlyCollection<string> keys)
    {
        lock (_gate)
        {
            var id = RouteId(route);
            var now = keys.ToHashSet(StringComparer.Ordinal);
            var next = new Dictionary<string, ushort>(_keys, StringComparer.Ordinal);
            var removed = new List<string>();
            foreach (var (key, owner) in _keys)
            {
                if (owner == id && !now.Contains(key))
                {
                    next.Remove(key);
                    removed.Add(key);
                }
            }

            var added = keys.Where(key => next.TryAdd(Canonical(key), id)).ToList();
            _keys = next;
            if (added.Count > 0 || removed.Count > 0)
            {
                Interlocked.Increment(ref _generation);
            }

            return (added, removed);
        }
    }

    /// <summary>
    /// Ends start-up enumeration: waiting requests go on. <paramref name="provisional"/>: the set is the stored one
    /// (a warm restart) until <see cref="EndEnumeration"/>.
    /// </summary>
    public void Publish(bool provisional = false)
    {
        _ready.TrySetResult();
        if (!provisional)
        {
            _enumerated.TrySetResult();
        }

        Interlocked.Increment(ref _generation);
    }

    /// <summary>The params providers have run (or failed) after a provisional publication.</summary>
    public void EndEnumeration() => _enumerated.TrySetResult();

    public void Fail(Exception exception)
    {
        _ready.TrySetException(exception);
        _enumerated.TrySetResult();
    }

    public bool IsDeclared(string key) => _keys.ContainsKey(key);

    /// <summary>Every declared key with the route that declared it.</summary>
    public IEnumerable<KeyValuePair<string, StaticRoute>> Entries
    {
        get
        {
            var keys = _keys;
            StaticRoute[] routes;
            lock (_gate)
            {
                routes = [.. _routes];
            }

            return keys.Select(pair => KeyValuePair.Create(pair.Key, routes[pair.Value]));
        }
    }

    /// <summary>Every declared key (empty until published).</summary>
    public ICollection<string> Keys => _keys.Keys;

    /// <summary>The route that declared a key, if any.</summary>
    public StaticRoute? RouteOf(string key)
    {
        if (!_keys.TryGetValue(key, out var id))
        {
            return null;
        }

        lock (_gate)
        {
            return _routes[id];
        }
    }

    private ushort RouteId(StaticRoute route)
    {
        var id = _routes.IndexOf(route);
        if (id < 0)
        {
            id = _routes.Count;
            _routes.Add(route);
        }

        return (ushort)id;
    }

    private string Canonical(string key) => store is IPageKeyPool pool ? pool.Canonical(key) : key;
}
