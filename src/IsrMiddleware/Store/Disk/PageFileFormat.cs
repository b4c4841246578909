using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace IsrMiddleware.Store;

/// <summary>
/// The layout of a page file: the magic <c>ISR1</c>, the header's length (int32, little endian), the header
/// as JSON, then the body. The header carries the lengths of the body and its compressed variants and a hash of them, so a torn or altered file is detected.
/// </summary>
internal static class PageFileFormat
{
    private static ReadOnlySpan<byte> Magic => "ISR1"u8;

    private const int PreambleLength = 8;
    private const int MaxHeaderLength = 1024 * 1024;

    public static byte[] Serialize(StoredPage page)
    {
        var payloadLength = page.Body.Length + page.BrotliBody.Length + page.GzipBody.Length;
        var payload = new byte[payloadLength];
        page.Body.Span.CopyTo(payload);
        page.BrotliBody.Span.CopyTo(payload.AsSpan(page.Body.Length));
        page.GzipBody.Span.CopyTo(payload.AsSpan(page.Body.Length + page.BrotliBody.Length));
        var header = new PageFileHeader
        {
            Key = page.Key,
            StatusCode = page.StatusCode,
            ContentType = page.ContentType,
            Headers = page.Headers.Select(pair => new[] { pair.Key, pair.Value }).ToArray(),
            ETag = page.ETag,
            GeneratedAt = page.GeneratedAt,
            Tags = page.Tags.ToArray(),
            Declared = page.Declared,
            Version = page.Version,
            BuildId = page.BuildId,
            Route = page.Route,
            BodyLength = page.Body.Length,
            BrotliLength = page.BrotliBody.Length,
            GzipLength = page.GzipBody.Length,
            BodyHash = Convert.ToHexStringLower(SHA256.HashData(payload)),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(header, PageFileJsonContext.Default.PageFileHeader);
        var bytes = new byte[PreambleLength + json.Length + payloadLength];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), json.Length);
        json.CopyTo(bytes.AsSpan(PreambleLength));
        payload.CopyTo(bytes.AsSpan(PreambleLength + json.Length));
        return bytes;
    }

    /// <summary>Reads a whole page file; <see langword="null"/> when it is not a complete, intact page.</summary>
    public static StoredPage? Deserialize(ReadOnlyMemory<byte> file)
    {
        var header = ReadHeader(file.Span, out var bodyOffset);
        if (header is null || header.BodyLength < 0 || header.BrotliLength < 0 || header.GzipLength < 0
            || file.Length - bodyOffset != header.BodyLength + header.BrotliLength + header.GzipLength)
        {
            return null;
        }

        var payload = file[bodyOffset..];
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(payload.Span)), header.BodyHash, StringComparison.Ordinal))
        {
            return null;
        }

        var bodyLength = (int)header.BodyLength;
        var brotliLength = (int)header.BrotliLength;
        return new StoredPage
        {
            Key = header.Key,
            StatusCode = header.StatusCode,
            ContentType = header.ContentType,
            Headers = header.Headers.Where(pair => pair.Length == 2).Select(pair => KeyValuePair.Create(pair[0], pair[1])).ToArray(),
            Body = payload[..bodyLength],
            BrotliBody = payload.Slice(bodyLength, brotliLength),
            GzipBody = payload[(bodyLength + brotliLength)..],
            ETag = header.ETag,
            GeneratedAt = header.GeneratedAt,
            Tags = header.Tags,
            Declared = header.Declared,
            Version = header.Version,
            BuildId = header.BuildId,
            Route = header.Route,
        };
    }

    /// <summary>Reads only the header of a page file, without its body; <see langword="null"/> when it is malformed.</summary>
    public static PageFileHeader? ReadHeader(Stream stream)
    {
        Span<byte> preamble = stackalloc byte[PreambleLength];
        if (stream.ReadAtLeast(preamble, PreambleLength, throwOnEndOfStream: false) < PreambleLength || !preamble[..4].SequenceEqual(Magic))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(preamble[4..]);
        if (length <= 0 || length > MaxHeaderLength)
        {
            return null;
        }

        var buffer = new byte[PreambleLength + length];
        preamble.CopyTo(buffer);
        return stream.ReadAtLeast(buffer.AsSpan(PreambleLength), length, throwOnEndOfStream: false) < length ? null : ReadHeader(buffer, out _);
    }

    /// <summary>Reads the header from the start of a page file; <see langword="null"/> when it is malformed.</summary>
    public static PageFileHeader? ReadHeader(ReadOnlySpan<byte> file, out int bodyOffset)
    {
        bodyOffset = 0;
        if (file.Length < PreambleLength || !file[..4].SequenceEqual(Magic))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(file[4..]);
        if (length <= 0 || length > MaxHeaderLength || file.Length < PreambleLength + length)
        {
            return null;
        }

        try
        {
            bodyOffset = PreambleLength + length;
            return JsonSerializer.Deserialize(file.Slice(PreambleLength, length), PageFileJsonContext.Default.PageFileHeader);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
