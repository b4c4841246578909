using System.Text;

namespace IsrMiddleware.Export;

/// <summary>
/// Maps a page key to the relative file path a static host serves it from: <c>/blog/hello-world</c> becomes
/// <c>blog/hello-world/index.html</c> (or <c>blog/hello-world.html</c>); a page that is not HTML keeps its path.
/// A key that cannot be a safe relative path (a dot segment, an encoded slash or backslash, a control character,
/// an empty segment) is refused.
/// </summary>
internal static class ExportPaths
{
    private const int MaxSegmentBytes = 255;

    /// <summary>The relative path (with <c>/</c> separators) of a page, or the reason the key cannot be one.</summary>
    public static string? TryMap(string key, bool isHtml, bool htmlExtension, out string relativePath)
    {
        relativePath = string.Empty;
        if (!key.StartsWith('/'))
        {
            return "it does not start with '/'";
        }

        var raw = key[1..].Split('/');
        var directoryIndex = raw[^1].Length == 0;
        var segments = new List<string>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i].Length == 0 && i == raw.Length - 1)
            {
                break;
            }

            if (CheckSegment(Decode(raw[i])) is { } why)
            {
                return why;
            }

            segments.Add(Decode(raw[i]));
        }

        if (!isHtml)
        {
            if (segments.Count == 0 || directoryIndex)
            {
                return "a page that is not HTML needs a file name, and the key ends with '/'";
            }

            relativePath = string.Join('/', segments);
            return null;
        }

        if (segments.Count == 0)
        {
            relativePath = "index.html";
        }
        else if (!directoryIndex && IsHtmlFileName(segments[^1]))
        {
            relativePath = string.Join('/', segments);
        }
        else if (htmlExtension && !directoryIndex)
        {
            relativePath = string.Join('/', segments) + ".html";
        }
        else
        {
            relativePath = string.Join('/', segments) + "/index.html";
        }

        return null;
    }

    /// <summary>Why a decoded path segment cannot be a file or folder name, or <see langword="null"/> when it can.</summary>
    public static string? CheckSegment(string segment)
    {
        if (segment.Length == 0)
        {
            return "it has an empty segment";
        }

        if (segment is "." or "..")
        {
            return $"it has the segment '{segment}'";
        }

        foreach (var c in segment)
        {
            if (c is '/' or '\\')
            {
                return $"the segment '{segment}' holds a '{c}'";
            }

            if (char.IsControl(c))
            {
                return $"the segment '{Printable(segment)}' holds a control character";
            }
        }

        if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
        {
            return $"a segment is longer than {MaxSegmentBytes} bytes";
        }

        return null;
    }

    /// <summary>Decodes one percent-encoded path segment, as a static host decodes a request path.</summary>
    public static string Decode(string segment) => segment.Contains('%') ? Uri.UnescapeDataString(segment) : segment;

    /// <summary>Whether a content type is an HTML document.</summary>
    public static bool IsHtml(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        mediaType = (semicolon >= 0 ? mediaType[..semicolon] : mediaType).Trim();
        return mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsHtmlFileName(string segment) =>
        segment.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || segment.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    private static string Printable(string segment) =>
        string.Concat(segment.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
