using System.Text;

namespace IsrMiddleware.Store;

/// <summary>Loading the index: the snapshot and the journals since, or, when either is damaged or the snapshot is missing, a scan.</summary>
internal sealed partial class DiskPageIndex
{
    private void Load()
    {
        bool scanned;
        lock (_gate)
        {
            var journals = IndexJournal.Generations(_folder).Where(generation => generation < _journal.Generation).ToList();
            if (TryReadSnapshot(out var snapshotGeneration) && ReplayJournals(journals.Where(generation => generation >= snapshotGeneration)) is var replayed and >= 0)
            {
                scanned = false;
                LoadedCleanly = !journals.Any(generation => generation >= snapshotGeneration);
                Source = LoadedCleanly ? "snapshot" : $"snapshot and {replayed} journal records";
            }
            else
            {
                _pages.Clear();
                Scan();
                scanned = true;
                Scanned = true;
                Source = "scan";
            }

            MaxVersion = Math.Max(MaxVersion, _highWater);
        }

        if (scanned)
        {
            try
            {
                WriteSnapshot();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The next start scans again.
            }
        }
    }

    /// <summary>Applies the journals in order; returns the records applied, or -1 when one holds a damaged record.</summary>
    private int ReplayJournals(IEnumerable<long> generations)
    {
        var applied = 0;
        foreach (var generation in generations)
        {
            byte[] file;
            try
            {
                file = File.ReadAllBytes(IndexJournal.PathOf(_folder, generation));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return -1;
            }

            var offset = 0;
            while (true)
            {
                var payload = IndexRecord.Next(file, ref offset, out var damaged);
                if (payload is null)
                {
                    if (damaged)
                    {
                        return -1;
                    }

                    break;
                }

                Apply(payload.Value);
                applied++;
            }
        }

        return applied;
    }

    private void Apply(ReadOnlyMemory<byte> payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload.ToArray(), writable: false), Encoding.UTF8);
        switch (reader.ReadByte())
        {
            case IndexRecord.Set:
                var key = reader.ReadString();
                var version = reader.ReadInt64();
                var ticks = reader.ReadInt64();
                var bytes = reader.ReadInt32();
                var flags = reader.ReadByte();
                var route = _names.Id(IndexRecord.ReadString(reader));
                var build = _names.Id(IndexRecord.ReadString(reader));
                var tags = new string[reader.ReadInt32()];
                for (var i = 0; i < tags.Length; i++)
                {
                    tags[i] = reader.ReadString();
                }

                var hits = _pages.TryGetValue(key, out var known) ? known.Hits : (ushort)0;
                _pages[key] = new PageIndexEntry(key, version, ticks, bytes, _tags.Id(tags), route, build, flags, hits);
                MaxVersion = Math.Max(MaxVersion, version);
                break;
            case IndexRecord.Remove:
                _pages.Remove(reader.ReadString());
                break;
            case IndexRecord.Reserve:
                Raise(ref _highWater, reader.ReadInt64());
                break;
        }
    }

    /// <summary>Reads the header of every page file (the way a cache folder without a usable snapshot is indexed).</summary>
    private void Scan()
    {
        if (!Directory.Exists(_pagesRoot))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(_pagesRoot, "*" + _extension, SearchOption.AllDirectories))
        {
            PageFileHeader? header;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
                header = PageFileFormat.ReadHeader(stream);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (header is null)
            {
                continue;
            }

            MaxVersion = Math.Max(MaxVersion, header.Version);
            var flags = (byte)((header.Declared ? PageIndexEntry.DeclaredFlag : 0)
                | (header.BrotliLength > 0 ? PageIndexEntry.BrotliFlag : 0) | (header.GzipLength > 0 ? PageIndexEntry.GzipFlag : 0));
            _pages[header.Key] = new PageIndexEntry(
                header.Key, header.Version, header.GeneratedAt.UtcTicks, (int)Math.Min(header.BodyLength + header.BrotliLength + header.GzipLength, int.MaxValue),
                _tags.Id(header.Tags), _names.Id(header.Route), _names.Id(header.BuildId), flags);
        }
    }
}
