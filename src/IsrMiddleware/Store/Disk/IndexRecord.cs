using System.Buffers.Binary;
using System.Text;

namespace IsrMiddleware.Store;

/// <summary>
/// The framing of the disk index's journal and snapshot: a record is its payload's length (int32, little endian), the
/// payload, then a 64-bit FNV-1a hash of the payload. A record cut short (a crash mid-append) or that does not hash to
/// its hash is not read.
/// </summary>
internal static class IndexRecord
{
    public const byte Set = 1;
    public const byte Remove = 2;
    public const byte Reserve = 3;

    private const int Overhead = 12;

    public static byte[] Frame(MemoryStream payload)
    {
        var length = (int)payload.Length;
        var bytes = new byte[length + Overhead];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        payload.GetBuffer().AsSpan(0, length).CopyTo(bytes.AsSpan(4));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(4 + length), Hash(bytes.AsSpan(4, length)));
        return bytes;
    }

    /// <summary>
    /// The next record's payload at <paramref name="offset"/>, or <see langword="null"/> at the end; sets
    /// <paramref name="damaged"/> when a whole record is there but does not hash to its hash (a cut-short tail is not damage).
    /// </summary>
    public static ReadOnlyMemory<byte>? Next(ReadOnlyMemory<byte> file, ref int offset, out bool damaged)
    {
        damaged = false;
        var span = file.Span;
        if (span.Length - offset < 4)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
        if (length <= 0 || length > span.Length - offset - Overhead)
        {
            // A zero length is what a tail of zeros (a power loss mid-append) reads as.
            return null;
        }

        var payload = file.Slice(offset + 4, length);
        if (BinaryPrimitives.ReadUInt64LittleEndian(span[(offset + 4 + length)..]) != Hash(payload.Span))
        {
            damaged = true;
            return null;
        }

        offset += length + Overhead;
        return payload;
    }

    public static void WriteString(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    public static string? ReadString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    /// <summary>Writes a page's entry with its names inline (the journal's form).</summary>
    public static byte[] SetRecord(StoredPage page)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Set);
            writer.Write(page.Key);
            writer.Write(page.Version);
            writer.Write(page.GeneratedAt.UtcTicks);
            writer.Write((int)Math.Min(page.StoredBytes, int.MaxValue));
            writer.Write(Flags(page));
            WriteString(writer, page.Route);
            WriteString(writer, page.BuildId);
            writer.Write(page.Tags.Count);
            foreach (var tag in page.Tags)
            {
                writer.Write(tag);
            }
        }

        return Frame(payload);
    }

    public static byte[] RemoveRecord(string key)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Remove);
            writer.Write(key);
        }

        return Frame(payload);
    }

    public static byte[] ReserveRecord(long upTo)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Reserve);
            writer.Write(upTo);
        }

        return Frame(payload);
    }

    public static byte Flags(StoredPage page) => (byte)((page.Declared ? PageIndexEntry.DeclaredFlag : 0)
        | (page.BrotliBody.IsEmpty ? 0 : PageIndexEntry.BrotliFlag)
        | (page.GzipBody.IsEmpty ? 0 : PageIndexEntry.GzipFlag));

    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
