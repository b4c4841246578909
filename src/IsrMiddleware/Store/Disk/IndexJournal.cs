using System.Globalization;

namespace IsrMiddleware.Store;

/// <summary>
/// The disk index's changes since its snapshot, appended to <c>index-{generation}.journal</c>: each start and each
/// snapshot begins a new generation, so a snapshot names the first generation it does not hold and older ones can go.
/// A record is written with one write call (a killed process leaves it whole or absent); reservations of the sequence
/// are flushed to the disk before a number they cover is handed out.
/// </summary>
internal sealed class IndexJournal(string folder, long generation) : IDisposable
{
    private const string Prefix = "index-";
    private const string Extension = ".journal";

    private readonly object _gate = new();
    private FileStream? _stream;

    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return generation;
            }
        }
    }

    /// <summary>The generations of the journal files in the folder, oldest first.</summary>
    public static List<long> Generations(string folder)
    {
        var generations = new List<long>();
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, Prefix + "*" + Extension))
            {
                var name = Path.GetFileName(file)[Prefix.Length..^Extension.Length];
                if (long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var found))
                {
                    generations.Add(found);
                }
            }
        }

        generations.Sort();
        return generations;
    }

    public static string PathOf(string folder, long generation) =>
        Path.Combine(folder, Prefix + generation.ToString(CultureInfo.InvariantCulture) + Extension);

    /// <summary>Creates this generation's file if it is not there yet (before a page write, so a crash in it is seen at the next start).</summary>
    public void EnsureOpen()
    {
        lock (_gate)
        {
            Open();
        }
    }

    public void Append(byte[] record, bool flushToDisk)
    {
        lock (_gate)
        {
            var stream = Open();
            stream.Write(record);
            if (flushToDisk)
            {
                stream.Flush(flushToDisk: true);
            }
        }
    }

    /// <summary>Ends this generation and begins the next one (its file is created on first use); returns the new generation.</summary>
    public long Rotate()
    {
        lock (_gate)
        {
            _stream?.Flush(flushToDisk: true);
            _stream?.Dispose();
            _stream = null;
            return ++generation;
        }
    }

    /// <summary>Deletes the journal files older than <paramref name="before"/> (a snapshot holds what they said).</summary>
    public void DeleteOlderThan(long before)
    {
        foreach (var old in Generations(folder).Where(found => found < before))
        {
            try
            {
                File.Delete(PathOf(folder, old));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private FileStream Open()
    {
        if (_stream is null)
        {
            Directory.CreateDirectory(folder);
            _stream = new FileStream(PathOf(folder, generation), FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        }

        return _stream;
    }
}
