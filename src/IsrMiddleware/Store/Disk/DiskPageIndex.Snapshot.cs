using System.Security.Cryptography;
using System.Text;

namespace IsrMiddleware.Store;

/// <summary>
/// The snapshot: every entry of the index in one file (<c>index.snapshot</c>), with the route and build names and the
/// tag lists once each, the first journal generation it does not hold and the sequence's high-water mark, ended by a
/// SHA-256 of everything before it. Written to a temporary file, flushed and renamed: a start reads the old snapshot or
/// the new, and one that does not hash to its hash is not read at all.
/// </summary>
internal sealed partial class DiskPageIndex
{
    private static ReadOnlySpan<byte> SnapshotMagic => "ISRX0002"u8;

    private const int HashLength = 32;

    private string SnapshotPath => Path.Combine(_folder, "index.snapshot");

    /// <summary>
    /// The snapshot of a clean stop; skipped when a store opened later over the same folder journals already (its
    /// start read this one's journal, and this one's snapshot would not hold its writes).
    /// </summary>
    public void WriteSnapshotOnStop()
    {
        if (!IndexJournal.Generations(_folder).Any(generation => generation > _journal.Generation))
        {
            WriteSnapshot();
        }
    }

    /// <summary>Writes the index as it is now to a new snapshot and drops the journals it makes unnecessary.</summary>
    public void WriteSnapshot()
    {
        (string Key, PageIndexEntry Entry)[] entries;
        string?[] names;
        string[][] tagSets;
        long generation;
        long highWater;
        lock (_gate)
        {
            highWater = Math.Max(_highWater, MaxVersion);
            entries = new (string, PageIndexEntry)[_pages.Count];
            var i = 0;
            foreach (var (key, entry) in _pages)
            {
                entries[i++] = (key, entry);
            }

            names = _names.ToArray();
            tagSets = _tags.ToArray();
            generation = _journal.Rotate();
            _journalRecords = 0;
        }

        Directory.CreateDirectory(_folder);
        var temporary = SnapshotPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(SnapshotMagic);
                    writer.Write(generation);
                    writer.Write(highWater);
                    writer.Write(names.Length);
                    for (var n = 1; n < names.Length; n++)
                    {
                        IndexRecord.WriteString(writer, names[n]);
                    }

                    writer.Write(tagSets.Length);
                    for (var t = 1; t < tagSets.Length; t++)
                    {
                        writer.Write(tagSets[t].Length);
                        foreach (var tag in tagSets[t])
                        {
                            writer.Write(tag);
                        }
                    }

                    writer.Write(entries.Length);
                    foreach (var (key, entry) in entries)
                    {
                        writer.Write(key);
                        writer.Write(entry.Version);
                        writer.Write(entry.GeneratedAtTicks);
                        writer.Write(entry.StoredBytes);
                        writer.Write(entry.TagSet);
                        writer.Write(entry.Route);
                        writer.Write(entry.Build);
                        writer.Write(entry.Flags);
                        writer.Write(entry.Hits);
                    }
                }

                stream.Flush();
                stream.Position = 0;
                var hash = SHA256.HashData(stream);
                stream.Write(hash);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, SnapshotPath, overwrite: true);
        }
        catch
        {
            FileDeletion.TryDelete(temporary);
            throw;
        }

        _journal.DeleteOlderThan(generation);
    }

    /// <summary>The generation the snapshot names (0 without one): this start's journal comes after it.</summary>
    private long SnapshotGeneration()
    {
        try
        {
            using var stream = new FileStream(SnapshotPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            Span<byte> head = stackalloc byte[SnapshotMagic.Length + sizeof(long)];
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head[..SnapshotMagic.Length].SequenceEqual(SnapshotMagic)
                ? Math.Max(0, BitConverter.ToInt64(head[SnapshotMagic.Length..]))
                : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Reads the snapshot into the (empty) index; <see langword="false"/> when there is none or it is damaged, with
    /// the index left empty.
    /// </summary>
    private bool TryReadSnapshot(out long generation)
    {
        generation = 0;
        if (!File.Exists(SnapshotPath))
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(SnapshotPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (stream.Length < SnapshotMagic.Length + HashLength || !HashMatches(stream))
            {
                return false;
            }

            stream.Position = 0;
            using var reader = new BinaryReader(new BufferedStream(stream, 1 << 16), Encoding.UTF8);
            if (!reader.ReadBytes(SnapshotMagic.Length).AsSpan().SequenceEqual(SnapshotMagic))
            {
                return false;
            }

            generation = reader.ReadInt64();
            Raise(ref _highWater, reader.ReadInt64());
            var names = new ushort[reader.ReadInt32()];
            for (var n = 1; n < names.Length; n++)
            {
                names[n] = _names.Id(IndexRecord.ReadString(reader));
            }

            var tagSets = new int[reader.ReadInt32()];
            for (var t = 1; t < tagSets.Length; t++)
            {
                var tags = new string[reader.ReadInt32()];
                for (var i = 0; i < tags.Length; i++)
                {
                    tags[i] = reader.ReadString();
                }

                tagSets[t] = _tags.Id(tags);
            }

            var count = reader.ReadInt32();
            _pages.EnsureCapacity(count);
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var entry = new PageIndexEntry(
                    key, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt32(), tagSets[reader.ReadInt32()],
                    names[reader.ReadUInt16()], names[reader.ReadUInt16()], reader.ReadByte(), reader.ReadUInt16());
                _pages[key] = entry;
                MaxVersion = Math.Max(MaxVersion, entry.Version);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EndOfStreamException or IndexOutOfRangeException or FormatException)
        {
            _pages.Clear();
            return false;
        }
    }

    private static bool HashMatches(FileStream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        var remaining = stream.Length - HashLength;
        while (remaining > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                return false;
            }

            hash.AppendData(buffer, 0, read);
            remaining -= read;
        }

        var stored = new byte[HashLength];
        stream.ReadExactly(stored);
        return hash.GetHashAndReset().AsSpan().SequenceEqual(stored);
    }
}
