using System.IO.Compression;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Engine;

/// <summary>
/// Compresses a page once, when it is stored, so that serving a compressed variant costs no more than serving the
/// identity body. A variant is kept only when it saves at least a tenth of the bytes.
/// </summary>
internal sealed class Precompressor(IOptions<StaticParamsOptions> options)
{
    // Quality 5 of 11: most of the ratio on HTML (4x and more) for a fraction of a millisecond per 20 KiB page,
    // which on-demand pages pay on the request that creates them.
    private const int BrotliQuality = 5;
    private const int BrotliWindow = 22;

    public (byte[] Brotli, byte[] Gzip) Compress(string? contentType, byte[] body)
    {
        if (!Applies(contentType, body.Length))
        {
            return ([], []);
        }

        return (Worthwhile(Brotli(body), body.Length), Worthwhile(Gzip(body), body.Length));
    }

    /// <summary>Whether a body of this type and length is one the options say to compress.</summary>
    public bool Applies(string? contentType, int length)
    {
        var settings = options.Value;
        return settings.Precompress && length >= settings.PrecompressMinBytes && IsCompressible(contentType);
    }

    internal static bool IsCompressible(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("image/svg+xml", StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] Worthwhile(byte[] compressed, int originalLength) =>
        compressed.Length <= originalLength * 9L / 10 ? compressed : [];

    private static byte[] Brotli(byte[] body)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        return BrotliEncoder.TryCompress(body, buffer, out var written, BrotliQuality, BrotliWindow) ? buffer[..written] : [];
    }

    private static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream(body.Length / 3 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }
}
