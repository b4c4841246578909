namespace IsrMiddleware.Store;

/// <summary>
/// The route patterns and build identities of the disk index, each stored once and named by a small number (0 stands
/// for none). Not thread-safe: the index calls it under its lock.
/// </summary>
internal sealed class IndexNames
{
    private readonly List<string?> _names = [null];
    private readonly Dictionary<string, ushort> _ids = new(StringComparer.Ordinal);

    public int Count => _names.Count;

    public ushort Id(string? name)
    {
        if (name is null)
        {
            return 0;
        }

        if (_ids.TryGetValue(name, out var id))
        {
            return id;
        }

        if (_names.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException($"The disk index holds {ushort.MaxValue} route and build names already; clear the cache folder.");
        }

        id = (ushort)_names.Count;
        _names.Add(name);
        _ids.Add(name, id);
        return id;
    }

    public string? Name(ushort id) => _names[id];

    /// <summary>Every name by number (index 0 is none).</summary>
    public string?[] ToArray() => [.. _names];
}
