using System.Text;
using System.Text.Json;

namespace IsrMiddleware.Store;

/// <summary>
/// The disk store's invalidation records: one JSON line per record, appended and flushed to disk before the
/// invalidation counts as recorded. A torn last line (a crash mid-append) is skipped on load; the file is compacted
/// to the latest record per path and tag when it has grown past twice that.
/// </summary>
internal sealed class InvalidationLog(string path)
{
    private readonly object _gate = new();
    private readonly Dictionary<(InvalidationKind, string), Invalidation> _latest = [];

    public string Path => path;

    /// <summary>Reads the file; returns the highest version in it.</summary>
    public long Load()
    {
        var lines = 0;
        long maxVersion = 0;
        if (File.Exists(path))
        {
            CutTornLastLine();
            foreach (var line in File.ReadLines(path))
            {
                lines++;
                if (Parse(line) is not { } record)
                {
                    continue;
                }

                maxVersion = Math.Max(maxVersion, record.Version);
                var target = (record.Kind, record.Target);
                if (!_latest.TryGetValue(target, out var known) || known.Version < record.Version)
                {
                    _latest[target] = record;
                }
            }
        }

        if (lines > 2 * _latest.Count + 16)
        {
            Compact();
        }

        return maxVersion;
    }

    public void Append(Invalidation record)
    {
        var line = JsonSerializer.Serialize(InvalidationLine.From(record), InvalidationJsonContext.Default.InvalidationLine) + "\n";
        lock (_gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                stream.Write(Encoding.UTF8.GetBytes(line));
                stream.Flush(flushToDisk: true);
            }

            var target = (record.Kind, record.Target);
            if (!_latest.TryGetValue(target, out var known) || known.Version < record.Version)
            {
                _latest[target] = record;
            }
        }
    }

    public IReadOnlyCollection<Invalidation> GetLatest()
    {
        lock (_gate)
        {
            return [.. _latest.Values];
        }
    }

    private void Compact()
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var builder = new StringBuilder();
        foreach (var record in _latest.Values.OrderBy(record => record.Version))
        {
            builder.Append(JsonSerializer.Serialize(InvalidationLine.From(record), InvalidationJsonContext.Default.InvalidationLine)).Append('\n');
        }

        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(builder.ToString()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// A crash during an append can leave a last line without its newline; the next append would join it, and the
    /// joined line would not parse. Such a tail is cut before anything is appended.
    /// </summary>
    private void CutTornLastLine()
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length == 0)
        {
            return;
        }

        var buffer = new byte[1];
        var end = stream.Length;
        while (end > 0)
        {
            stream.Position = end - 1;
            stream.ReadExactly(buffer);
            if (buffer[0] == (byte)'\n')
            {
                break;
            }

            end--;
        }

        if (end < stream.Length)
        {
            stream.SetLength(end);
            stream.Flush(flushToDisk: true);
        }
    }

    private static Invalidation? Parse(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, InvalidationJsonContext.Default.InvalidationLine)?.ToRecord();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
