namespace IsrMiddleware.Export;

/// <summary>
/// Checks internal links against the exported files, as a static host serves them: a file at its own path, a
/// folder's <c>index.html</c> at the folder's path (with or without the trailing slash), and <c>page.html</c> at
/// <c>/page</c> too.
/// </summary>
internal static class LinkChecker
{
    public static IReadOnlyList<BrokenLink> Check(IEnumerable<string> exportedFiles, IEnumerable<(string Page, IReadOnlyList<(string Written, string Path)> Links)> pages)
    {
        var served = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in exportedFiles)
        {
            var path = "/" + file;
            served.Add(path);
            if (file == "index.html" || file.EndsWith("/index.html", StringComparison.Ordinal))
            {
                var folder = path[..^"index.html".Length];
                served.Add(folder);
                served.Add(folder.TrimEnd('/'));
            }
            else if (file.EndsWith(".html", StringComparison.Ordinal))
            {
                served.Add(path[..^".html".Length]);
            }
        }

        served.Remove(string.Empty);
        var broken = new List<BrokenLink>();
        foreach (var (page, links) in pages.OrderBy(p => p.Page, StringComparer.Ordinal))
        {
            foreach (var (written, path) in links.DistinctBy(link => link.Written))
            {
                if (!served.Contains(path))
                {
                    broken.Add(new BrokenLink(page, written));
                }
            }
        }

        return broken;
    }
}
