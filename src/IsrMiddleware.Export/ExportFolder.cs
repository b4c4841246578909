using System.Collections.Concurrent;

namespace IsrMiddleware.Export;

/// <summary>
/// The export folder. Every write names a relative path whose segments were checked, is resolved and checked again
/// to lie under the folder, and creates a new file (never replaces one): two pages that map to the same file are
/// a conflict, not a silent overwrite. Remembers what it created, so a failed export can remove exactly that.
/// </summary>
internal sealed class ExportFolder
{
    private readonly string _root;
    private readonly string _rootWithSeparator;
    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentStack<string> _directories = new();

    public ExportFolder(string root)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _rootWithSeparator = _root + Path.DirectorySeparatorChar;
    }

    public string Root => _root;

    /// <summary>The relative paths written so far, each with what it holds (a page key, or a description).</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    public bool Contains(string relativePath) => _files.ContainsKey(relativePath);

    /// <summary>Writes a new file; returns why it could not, or <see langword="null"/>.</summary>
    public string? Write(string relativePath, ReadOnlyMemory<byte> content, string owner, CancellationToken cancellationToken)
    {
        if (Resolve(relativePath) is not { } fullPath)
        {
            return $"'{relativePath}' is not a safe path inside the export folder";
        }

        if (!_files.TryAdd(relativePath, owner))
        {
            return $"'{relativePath}' is already written for {_files[relativePath]}";
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            CreateParents(fullPath);

            // Small files: one synchronous create and write is cheaper than the thread-pool hops of asynchronous file I/O.
            using var handle = File.OpenHandle(fullPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, content.Length);
            RandomAccess.Write(handle, content.Span, 0);
            return null;
        }
        catch (IOException ex)
        {
            _files.TryRemove(relativePath, out _);
            return $"'{relativePath}' cannot be written: {ex.Message}";
        }
        catch (UnauthorizedAccessException ex)
        {
            _files.TryRemove(relativePath, out _);
            return $"'{relativePath}' cannot be written: {ex.Message}";
        }
    }

    /// <summary>Removes every file and folder this export created.</summary>
    public void RemoveWritten()
    {
        foreach (var relativePath in _files.Keys)
        {
            if (Resolve(relativePath) is { } fullPath)
            {
                File.Delete(fullPath);
            }
        }

        _files.Clear();
        // Deepest first, so that a folder is empty by the time it is reached.
        foreach (var directory in _directories.Distinct(StringComparer.Ordinal).OrderByDescending(directory => directory.Length).ToArray())
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }

        _directories.Clear();
    }

    /// <summary>The full path of a relative path, or <see langword="null"/> when a segment is unsafe or it resolves outside the folder.</summary>
    public string? Resolve(string relativePath)
    {
        if (relativePath.Length == 0 || relativePath.Split('/').Any(segment => ExportPaths.CheckSegment(segment) is not null))
        {
            return null;
        }

        var fullPath = Path.GetFullPath(Path.Combine(_root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        return fullPath.StartsWith(_rootWithSeparator, StringComparison.Ordinal) ? fullPath : null;
    }

    private void CreateParents(string fullPath)
    {
        var parent = Path.GetDirectoryName(fullPath)!;
        if (Directory.Exists(parent))
        {
            return;
        }

        // Record each folder created. Two writers may both create one folder (creating an existing folder is no
        // error); removal takes each once.
        var missing = new Stack<string>();
        for (var directory = parent; directory.StartsWith(_rootWithSeparator, StringComparison.Ordinal) && !Directory.Exists(directory);
             directory = Path.GetDirectoryName(directory)!)
        {
            missing.Push(directory);
        }

        foreach (var directory in missing)
        {
            Directory.CreateDirectory(directory);
            _directories.Push(directory);
        }
    }
}
