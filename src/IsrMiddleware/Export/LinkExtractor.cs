using AngleSharp.Html.Parser;

namespace IsrMiddleware.Export;

/// <summary>
/// Reads the links of an HTML page with a real HTML parser: <c>href</c> of <c>a</c>, <c>area</c> and <c>link</c>,
/// <c>src</c> of embedded resources, and the URLs of <c>srcset</c>. Resolves them against the page's address
/// (and its <c>&lt;base href&gt;</c>) and keeps those on the page's origin.
/// </summary>
internal static class LinkExtractor
{
    private static readonly (string Selector, string Attribute)[] Sources =
    [
        ("a[href]", "href"),
        ("area[href]", "href"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("script[src]", "src"),
        ("iframe[src]", "src"),
        ("source[src]", "src"),
        ("video[src]", "src"),
        ("audio[src]", "src"),
        ("track[src]", "src"),
        ("embed[src]", "src"),
        ("img[srcset]", "srcset"),
        ("source[srcset]", "srcset"),
    ];

    // Link relations that name another host's resources or hints, not files of this site.
    private static readonly HashSet<string> IgnoredRelations = new(StringComparer.OrdinalIgnoreCase) { "dns-prefetch", "preconnect", "alternate" };

    /// <summary>The internal links of a page: each as written, with the decoded path it resolves to.</summary>
    public static IReadOnlyList<(string Written, string Path)> Extract(ReadOnlyMemory<byte> html, Uri pageAddress)
    {
        var parser = new HtmlParser();
        using var stream = new MemoryStream(html.ToArray(), writable: false);
        using var document = parser.ParseDocument(stream);

        var baseAddress = pageAddress;
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } baseHref && Uri.TryCreate(pageAddress, baseHref.Trim(), out var resolvedBase))
        {
            baseAddress = resolvedBase;
        }

        var links = new List<(string, string)>();
        foreach (var (selector, attribute) in Sources)
        {
            foreach (var element in document.QuerySelectorAll(selector))
            {
                if (element.LocalName == "link" && (element.GetAttribute("rel") ?? string.Empty)
                        .Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(IgnoredRelations.Contains))
                {
                    continue;
                }

                var value = element.GetAttribute(attribute) ?? string.Empty;
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
