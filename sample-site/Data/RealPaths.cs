namespace SampleSite.Data;

/// <summary>Real paths: every symbolic link along a path followed to its final target, as <c>realpath(3)</c> does.</summary>
internal static class RealPaths
{
    /// <summary>At most this many links are followed for one path (a loop of links resolves to nothing).</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>The real path of <paramref name="path"/>, or <see langword="null"/> when part of it does not exist, cannot be read, or links loop.</summary>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Stack<string>();
        Push(pending, full[current.Length..]);
        var links = 0;
        try
        {
            while (pending.TryPop(out var part))
            {
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }

                var candidate = Path.Combine(current, part);
                if (new FileInfo(candidate).LinkTarget is { } target)
                {
                    if (++links > MaxLinks)
                    {
                        return null;
                    }

                    // An absolute target starts again from its root; a relative one from the link's own folder.
                    if (Path.IsPathRooted(target))
                    {
                        current = Path.GetPathRoot(target)!;
                        target = target[current.Length..];
                    }

                    Push(pending, target);
                    continue;
                }

                if (!Path.Exists(candidate))
                {
                    return null;
                }

                current = candidate;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return current;
    }

    /// <summary>Pushes the parts of a relative path so that its first part is popped first.</summary>
    private static void Push(Stack<string> pending, string relative)
    {
        var parts = relative.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
