namespace IsrMiddleware.Edge;

/// <summary>Changes gathered during one coalescing window: distinct surrogate keys and paths, in arrival order.</summary>
internal sealed class EdgeBatch
{
    private readonly List<string> _keys = [];
    private readonly List<string> _paths = [];
    private readonly HashSet<string> _seenKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenPaths = new(StringComparer.Ordinal);

    public bool IsEmpty => _keys.Count == 0 && _paths.Count == 0;

    public void Add(EdgeChange change)
    {
        foreach (var path in change.Paths)
        {
            if (_seenPaths.Add(path))
            {
                _paths.Add(path);
            }

            AddKey(SurrogateKeys.ForPath(path));
        }

        foreach (var tag in change.Tags)
        {
            AddKey(SurrogateKeys.ForTag(tag));
        }
    }

    /// <summary>The batch in calls of at most <paramref name="maxPerCall"/> keys and as many paths.</summary>
    public IEnumerable<EdgeInvalidation> Split(int maxPerCall)
    {
        var calls = Math.Max(Chunks(_keys.Count, maxPerCall), Chunks(_paths.Count, maxPerCall));
        for (var i = 0; i < calls; i++)
        {
            yield return new EdgeInvalidation(Slice(_keys, i, maxPerCall), Slice(_paths, i, maxPerCall));
        }
    }

    private void AddKey(string key)
    {
        if (_seenKeys.Add(key))
        {
            _keys.Add(key);
        }
    }

    private static int Chunks(int count, int size) => (count + size - 1) / size;

    private static string[] Slice(List<string> items, int chunk, int size)
    {
        var start = chunk * size;
        return start >= items.Count ? [] : items.GetRange(start, Math.Min(size, items.Count - start)).ToArray();
    }
}
