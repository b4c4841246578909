using System.Net;
using System.Text;

namespace IsrMiddleware.Export;

/// <summary>
/// Stored redirects as a static host can serve them: a <c>_redirects</c> file (Netlify and Cloudflare Pages syntax:
/// <c>from to status</c>) and, for hosts without one, an HTML page at the old path that refreshes to the new one.
/// </summary>
internal static class RedirectPages
{
    /// <summary>The target as the redirect should name it: a path when it is on the canonical origin.</summary>
    public static string Target(string location, Uri origin)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            && string.Equals(absolute.Authority, origin.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return absolute.PathAndQuery + absolute.Fragment;
        }

        return location;
    }

    public static byte[] RefreshPage(string target)
    {
        var encoded = WebUtility.HtmlEncode(target);
        return Encoding.UTF8.GetBytes(
            $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0; url={encoded}\">\n" +
            $"<link rel=\"canonical\" href=\"{encoded}\">\n<title>Redirecting</title>\n</head>\n<body>\n<p>This page has moved to <a href=\"{encoded}\">{encoded}</a>.</p>\n</body>\n</html>\n");
    }

    public static byte[] RedirectsFile(IEnumerable<(string From, string To, int Status)> redirects)
    {
        var text = new StringBuilder();
        foreach (var (from, to, status) in redirects.OrderBy(r => r.From, StringComparer.Ordinal))
        {
            text.Append(Escape(from)).Append(' ').Append(Escape(to)).Append(' ').Append(status).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // The file is whitespace-separated: a space or tab inside a URL would split it.
    private static string Escape(string url) => url.Replace(" ", "%20", StringComparison.Ordinal).Replace("\t", "%09", StringComparison.Ordinal);
}
