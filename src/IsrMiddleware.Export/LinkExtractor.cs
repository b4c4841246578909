using System.Text;
using AngleSharp.Html.Parser;

namespace IsrMiddleware.Export;

/// <summary>
/// Reads the links of an HTML page with a real HTML parser: <c>href</c> of <c>a</c>, <c>area</c> and <c>link</c>,
/// <c>src</c> of embedded resources, and the URLs of <c>srcset</c>. Resolves them against the page's address
/// (and its <c>&lt;base href&gt;</c>) and keeps those on the page's origin.
/// </summary>
internal static class LinkExtractor
{
    // Elements and the attribute of each that names another resource.
    private static readonly Dictionary<string, string[]> Sources = new(StringComparer.Ordinal)
    {
        ["a"] = ["href"],
        ["area"] = ["href"],
        ["link"] = ["href"],
        ["img"] = ["src", "srcset"],
        ["source"] = ["src", "srcset"],
        ["script"] = ["src"],
        ["iframe"] = ["src"],
        ["video"] = ["src"],
        ["audio"] = ["src"],
        ["track"] = ["src"],
        ["embed"] = ["src"],
    };

    // One parser per thread: a parser is reused across pages but not shared between threads.
    private static readonly ThreadLocal<HtmlParser> Parser = new(() => new HtmlParser());

    // Link relations that name another host's resources or hints, not files of this site.
    private static readonly HashSet<string> IgnoredRelations = new(StringComparer.OrdinalIgnoreCase) { "dns-prefetch", "preconnect", "alternate" };

    /// <summary>The internal links of a page: each as written, with the decoded path it resolves to.</summary>
    public static IReadOnlyList<(string Written, string Path)> Extract(ReadOnlyMemory<byte> html, Uri pageAddress)
    {
        using var document = Parser.Value!.ParseDocument(Encoding.UTF8.GetString(html.Span));
        var elements = document.All;

        var baseAddress = pageAddress;
        if (elements.FirstOrDefault(element => element.LocalName == "base" && element.HasAttribute("href"))?.GetAttribute("href") is { } baseHref
            && Uri.TryCreate(pageAddress, baseHref.Trim(), out var resolvedBase))
        {
            baseAddress = resolvedBase;
        }

        var links = new List<(string, string)>();
        foreach (var element in elements)
        {
            if (!Sources.TryGetValue(element.LocalName, out var attributes)
                || (element.LocalName == "link" && (element.GetAttribute("rel") ?? string.Empty)
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(IgnoredRelations.Contains)))
            {
                continue;
            }

            foreach (var attribute in attributes)
            {
                if (element.GetAttribute(attribute) is not { } value)
                {
                    continue;
                }

                foreach (var written in attribute == "srcset" ? SrcsetUrls(value) : [value.Trim()])
                {
                    if (Internal(written, baseAddress, pageAddress) is { } path)
                    {
                        links.Add((written, path));
                    }
                }
            }
        }

        return links;
    }

    /// <summary>The decoded path of a link on the page's origin, or <see langword="null"/> for an external, non-HTTP or fragment-only link.</summary>
    private static string? Internal(string written, Uri baseAddress, Uri pageAddress)
    {
        if (written.Length == 0 || written.StartsWith('#') || !Uri.TryCreate(baseAddress, written, out var target))
        {
            return null;
        }

        if ((target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
            || !string.Equals(target.Authority, pageAddress.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Uri.UnescapeDataString(target.AbsolutePath);
    }

    private static IEnumerable<string> SrcsetUrls(string srcset) =>
        srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(candidate => candidate.Split(' ', 2)[0])
            .Where(url => url.Length > 0);
}
