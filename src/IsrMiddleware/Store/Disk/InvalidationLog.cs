using System.Text;
using System.Text.Json;

namespace IsrMiddleware.Store;

/// <summary>
/// The disk store's invalidation records: one JSON line per record, appended and flushed to disk before the
/// invalidation counts as recorded. A torn last line (a crash mid-append) is skipped on load. The file is compacted to
/// the latest record per path and tag whenever it has grown past twice that, while running too. On load, records that
/// no stored page can be concerned by any more are dropped (every render from then on takes a higher number), except
/// the newest, which keeps the sequence above every number recorded across any number of restarts.
/// </summary>
internal sealed class InvalidationLog(string path)
{
    private readonly object _gate = new();
    private readonly Dictionary<(InvalidationKind, string), Invalidation> _latest = [];
    private int _lines;

    public string Path => path;

    /// <summary>
    /// Reads the file, keeping the records <paramref name="concernsStoredPage"/> says may still concern a page (call it
    /// before any render can take a number); returns the highest version in the file, dropped records included.
    /// </summary>
    public long Load(Func<Invalidation, bool> concernsStoredPage)
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

        // The newest record stays whatever it concerns: it carries the sequence's high-water mark into the next start.
        var newest = _latest.Count == 0 ? 0 : _latest.Values.Max(record => record.Version);
        var dropped = 0;
        foreach (var (target, record) in _latest)
        {
            if (record.Version != newest && !concernsStoredPage(record))
            {
                _latest.Remove(target);
                dropped++;
            }
        }

        _lines = lines;
        if (dropped > 0 || NeedsCompaction())
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

            _lines++;
            var target = (record.Kind, record.Target);
            if (!_latest.TryGetValue(target, out var known) || known.Version < record.Version)
            {
                _latest[target] = record;
            }

            if (NeedsCompaction())
            {
                Compact();
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

    private bool NeedsCompaction() => _lines > 2 * _latest.Count + 16;

    /// <summary>Rewrites the file with the latest record per path and tag (a temporary file renamed over it).</summary>
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
        _lines = _latest.Count;
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
