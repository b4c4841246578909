using System.IO.Compression;
using System.Text;

namespace IsrMiddleware.Model;

/// <summary>
/// A stored shell cut at its holes: <see cref="Segments"/> has one more entry than <see cref="Holes"/>, and the page
/// is segment 0, hole 0, segment 1, ... Parsed once per stored version (see <see cref="StoredPage"/>).
/// </summary>
internal sealed class HoleLayout
{
    /// <summary>The layout of a page without holes.</summary>
    public static readonly HoleLayout None = new(default, [], []);

    private GzipSegment[]? _gzipSegments;
    private (string EndpointPath, byte[] Body)? _esi;

    private HoleLayout(ReadOnlyMemory<byte> source, ReadOnlyMemory<byte>[] segments, HoleSlot[] holes)
    {
        Source = source;
        Segments = segments;
        Holes = holes;
    }

    /// <summary>The body this layout was cut from.</summary>
    public ReadOnlyMemory<byte> Source { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Segments { get; }

    public IReadOnlyList<HoleSlot> Holes { get; }

    public bool HasHoles => Holes.Count > 0;

    /// <summary>Cuts a body at the markers of <paramref name="nonce"/>; null when a marker is unclosed or holes nest.</summary>
    public static HoleLayout? Parse(ReadOnlyMemory<byte> body, string nonce)
    {
        var startPrefix = HoleMarkers.StartPrefix(nonce);
        var end = HoleMarkers.EndMarker(nonce);
        var close = "-->"u8;
        var segments = new List<ReadOnlyMemory<byte>>();
        var holes = new List<HoleSlot>();
        var span = body.Span;
        var position = 0;
        while (true)
        {
            var start = span[position..].IndexOf(startPrefix);
            if (start < 0)
            {
                var rest = span[position..];
                if (rest.IndexOf(end) >= 0)
                {
                    return null;
                }

                segments.Add(body[position..]);
                break;
            }

            start += position;
            var nameStart = start + startPrefix.Length;
            var nameLength = span[nameStart..].IndexOf(close);
            if (nameLength < 0)
            {
                return null;
            }

            var name = Encoding.UTF8.GetString(span.Slice(nameStart, nameLength));
            var fallbackStart = nameStart + nameLength + close.Length;
            var fallbackLength = span[fallbackStart..].IndexOf(end);
            if (!HoleMarkers.IsValidName(name) || fallbackLength < 0 || span.Slice(fallbackStart, fallbackLength).IndexOf(startPrefix) >= 0)
            {
                return null;
            }

            segments.Add(body[position..start]);
            holes.Add(new HoleSlot(name, body.Slice(fallbackStart, fallbackLength)));
            position = fallbackStart + fallbackLength + end.Length;
        }

        return new HoleLayout(body, [.. segments], [.. holes]);
    }

    /// <summary>The page as the shell was rendered, every hole showing its fallback: what the static export writes.</summary>
    public byte[] WithFallbacks()
    {
        using var output = new MemoryStream();
        for (var i = 0; i < Segments.Count; i++)
        {
            output.Write(Segments[i].Span);
            if (i < Holes.Count)
            {
                output.Write(Holes[i].Fallback.Span);
            }
        }

        return output.ToArray();
    }

    /// <summary>Each segment as a part of a gzip body (<see cref="GzipParts"/>), compressed and checked once per version.</summary>
    public IReadOnlyList<GzipSegment> GzipSegments()
    {
        if (_gzipSegments is { } made)
        {
            return made;
        }

        var segments = new GzipSegment[Segments.Count];
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = GzipSegment.Of(Segments[i].Span, CompressionLevel.Optimal);
        }

        return _gzipSegments = segments;
    }

    /// <summary>The shell for an ESI-capable cache: every hole an <c>&lt;esi:include&gt;</c> of the hole endpoint.</summary>
    public byte[] EsiBody(string endpointPath, string pageKey)
    {
        if (_esi is { } made && made.EndpointPath == endpointPath)
        {
            return made.Body;
        }

        using var output = new MemoryStream();
        var page = Uri.EscapeDataString(pageKey);
        for (var i = 0; i < Segments.Count; i++)
        {
            output.Write(Segments[i].Span);
            if (i < Holes.Count)
            {
                output.Write(Encoding.UTF8.GetBytes($"<esi:include src=\"{endpointPath}/{Holes[i].Name}?page={page}&slot={i}\"/>"));
            }
        }

        var body = output.ToArray();
        _esi = (endpointPath, body);
        return body;
    }
}
