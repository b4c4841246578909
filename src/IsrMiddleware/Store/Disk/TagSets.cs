namespace IsrMiddleware.Store;

/// <summary>
/// The distinct tag lists of the disk index, each stored once and named by a number (0 is the empty list), so pages of
/// one route with the route's tags share one array and an untagged page holds none. Not thread-safe: the index calls
/// it under its lock.
/// </summary>
internal sealed class TagSets
{
    private readonly List<string[]> _sets = [[]];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public int Count => _sets.Count;

    public int Id(IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return 0;
        }

        var joined = Joined(tags);
        if (_ids.TryGetValue(joined, out var id))
        {
            return id;
        }

        id = _sets.Count;
        _sets.Add([.. tags]);
        _ids.Add(joined, id);
        return id;
    }

    /// <summary>One string per list: each tag after its length, so no tag's characters can fake a boundary.</summary>
    private static string Joined(IReadOnlyList<string> tags)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var tag in tags)
        {
            builder.Append(tag.Length).Append(':').Append(tag);
        }

        return builder.ToString();
    }

    public string[] Tags(int id) => _sets[id];

    /// <summary>Every list by number (index 0 is the empty list); the lists are never changed once added.</summary>
    public string[][] ToArray() => [.. _sets];

    /// <summary>Which sets hold the tag, by number.</summary>
    public bool[] Holding(string tag)
    {
        var holding = new bool[_sets.Count];
        for (var i = 0; i < _sets.Count; i++)
        {
            holding[i] = Array.IndexOf(_sets[i], tag) >= 0;
        }

        return holding;
    }
}
