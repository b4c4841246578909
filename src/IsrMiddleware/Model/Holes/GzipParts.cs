using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace IsrMiddleware.Model;

/// <summary>
/// One gzip body assembled from parts compressed apart: each part is raw DEFLATE ended by a sync flush (byte-aligned,
/// not final, referring only to its own bytes), so parts concatenate into one valid stream; a final empty block and
/// the trailer (CRC-32 and length of everything) close it. Browsers read only the first member of a multi-member gzip
/// body, so the parts must be one member.
/// </summary>
internal sealed class GzipParts
{
    /// <summary>The gzip header: deflate, no name or time, unknown OS (RFC 1952).</summary>
    public static ReadOnlySpan<byte> Header => [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff];

    /// <summary>A final fixed-Huffman block holding only its end code.</summary>
    private static ReadOnlySpan<byte> FinalBlock => [0x03, 0x00];

    private uint _crc;
    private long _length;

    /// <summary>Raw DEFLATE of <paramref name="content"/>, sync-flushed and not final: a part to concatenate.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> content, CompressionLevel level)
    {
        using var output = new MemoryStream();
        var deflate = new DeflateStream(output, level, leaveOpen: true);
        deflate.Write(content);
        deflate.Flush();
        var part = output.ToArray();

        // Disposing would append the final block, which is written once at the end of the whole body instead.
        deflate.Dispose();
        return part;
    }

    /// <summary>
    /// <paramref name="content"/> as stored (uncompressed) DEFLATE blocks: a per-request part costs no compressor at all,
    /// and a hole's output is small enough that compressing it would gain little.
    /// </summary>
    public static void WriteStored(IBufferWriter<byte> writer, ReadOnlySpan<byte> content)
    {
        do
        {
            var length = Math.Min(content.Length, ushort.MaxValue);
            var block = writer.GetSpan(5 + length);
            block[0] = 0x00; // not final, stored; the rest of the byte is padding to the byte boundary
            BinaryPrimitives.WriteUInt16LittleEndian(block[1..], (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(block[3..], (ushort)~length);
            content[..length].CopyTo(block[5..]);
            writer.Advance(5 + length);
            content = content[length..];
        }
        while (!content.IsEmpty);
    }

    /// <summary>Counts <paramref name="content"/> (uncompressed) into the trailer.</summary>
    public void Add(ReadOnlySpan<byte> content) =>
        Add(new GzipSegment([], Crc32.HashToUInt32(content), Crc32Concatenation.ShiftOf(content.Length), content.Length));

    /// <summary>Counts a part whose check was made before (a shell segment) into the trailer.</summary>
    public void Add(GzipSegment part)
    {
        _crc = Crc32Concatenation.Append(_crc, part.Crc, part.Shift);
        _length += part.Length;
    }

    /// <summary>The final block and the trailer, after every part.</summary>
    public byte[] End()
    {
        var end = new byte[FinalBlock.Length + 8];
        FinalBlock.CopyTo(end);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(FinalBlock.Length), _crc);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(FinalBlock.Length + 4), unchecked((uint)_length));
        return end;
    }
}

/// <summary>A shell segment ready for <see cref="GzipParts"/>: its DEFLATE part, and its CRC, shift and length.</summary>
internal readonly record struct GzipSegment(byte[] Deflate, uint Crc, uint Shift, int Length)
{
    public static GzipSegment Of(ReadOnlySpan<byte> content, System.IO.Compression.CompressionLevel level) => new(
        GzipParts.Compress(content, level), System.IO.Hashing.Crc32.HashToUInt32(content), Crc32Concatenation.ShiftOf(content.Length), content.Length);
}
