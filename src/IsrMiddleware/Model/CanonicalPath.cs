using Microsoft.AspNetCore.Http;

namespace IsrMiddleware.Model;

/// <summary>
/// One URL per page: a request path with repeated slashes, or with a trailing slash where the site has none (or the
/// reverse with <see cref="StaticParamsOptions.TrailingSlash"/>), is redirected (308) to the canonical path.
/// </summary>
internal static class CanonicalPath
{
    /// <summary>The canonical form of a request path, or <see langword="null"/> when it already is canonical.</summary>
    public static string? Redirect(string? path, bool trailingSlash)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return null;
        }

        var needsWork = path.Contains("//", StringComparison.Ordinal) || path.EndsWith('/') != trailingSlash;
        if (!needsWork)
        {
            return null;
        }

        var builder = new System.Text.StringBuilder(path.Length + 1);
        foreach (var c in path)
        {
            if (c != '/' || builder.Length == 0 || builder[^1] != '/')
            {
                builder.Append(c);
            }
        }

        if (builder.Length > 1 && builder[^1] == '/')
        {
            builder.Length--;
        }

        if (trailingSlash && builder.Length > 1)
        {
            builder.Append('/');
        }

        var canonical = builder.ToString();
        return canonical == path ? null : canonical;
    }

    /// <summary>The page key without a trailing slash: the same page whichever form the site prefers; the root is <c>/</c>.</summary>
    public static string Key(string key) => key.Length == 0 ? "/" : key.Length > 1 && key.EndsWith('/') ? key.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/" : key;

    /// <summary>Answers 308 to the canonical path, keeping the path base and the query string.</summary>
    public static void WriteRedirect(HttpContext context, string canonical)
    {
        var request = context.Request;
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = (request.PathBase + new PathString(canonical)).ToUriComponent() + request.QueryString.ToUriComponent();
    }
}
