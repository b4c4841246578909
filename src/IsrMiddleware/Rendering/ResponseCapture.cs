using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using IsrMiddleware.Model;

namespace IsrMiddleware.Rendering;

/// <summary>Turns a finished render response into a <see cref="RenderResult"/>: its outcome and the headers safe to replay.</summary>
internal static class ResponseCapture
{
    private static readonly string[] ReplayedHeaders =
    [
        HeaderNames.ContentLanguage,
        HeaderNames.ContentSecurityPolicy,
        HeaderNames.ContentSecurityPolicyReportOnly,
        HeaderNames.Link,
        HeaderNames.XContentTypeOptions,
        HeaderNames.XFrameOptions,
        "Referrer-Policy",
        "Permissions-Policy",

        // Blazor's static SSR marks its pages as fit for enhanced navigation; without it blazor.web.js reloads the document.
        "blazor-enhanced-nav",
    ];

    public static RenderResult Capture(
        HttpResponse response, byte[] body, StaticRenderFeature render, DateTimeOffset generatedAt, TimeSpan duration)
    {
        var status = response.StatusCode;
        var headers = response.Headers;
        var outcome = status switch
        {
            StatusCodes.Status200OK => RenderOutcome.Page,
            StatusCodes.Status404NotFound => RenderOutcome.NotFound,
            >= 300 and < 400 when !string.IsNullOrEmpty(headers.Location) => RenderOutcome.Redirect,
            _ => RenderOutcome.Failed,
        };

        string? reason = outcome == RenderOutcome.Failed ? $"the render answered {status}" : null;
        var folded = false;
        if (outcome == RenderOutcome.Page && StreamedUpdates.Contains(body) && IsHtml(response.ContentType) && StreamedUpdates.TryFold(body) is { } page)
        {
            body = page;
            folded = true;
        }

        if (outcome is RenderOutcome.Page or RenderOutcome.Redirect && UncacheableReason(headers, body, folded) is { } why)
        {
            outcome = RenderOutcome.Uncacheable;
            reason = why;
        }

        var replayed = new List<KeyValuePair<string, string>>();
        foreach (var name in ReplayedHeaders)
        {
            if (headers.TryGetValue(name, out var value) && value.Count > 0)
            {
                replayed.Add(KeyValuePair.Create(name, value.ToString()));
            }
        }

        if (render.HoleNonce is { } nonce && outcome == RenderOutcome.Page)
        {
            // The shell records its marker nonce; a shell whose markers do not parse (a hole inside a hole) is not stored.
            if (HoleLayout.Parse(body, nonce) is null)
            {
                outcome = RenderOutcome.Failed;
                reason = "the page's holes are malformed (a hole inside another hole's fallback?)";
            }

            replayed.Add(KeyValuePair.Create(HoleMarkers.HeaderName, nonce));
        }

        if (outcome == RenderOutcome.Redirect)
        {
            replayed.Add(KeyValuePair.Create(HeaderNames.Location, headers.Location.ToString()));
        }

        return new RenderResult
        {
            Outcome = outcome,
            StatusCode = status,
            ContentType = response.ContentType,
            Headers = [.. replayed],
            Body = body,
            Tags = render.Tags,
            Reason = reason,
            GeneratedAt = generatedAt,
            Duration = duration,
        };
    }

    /// <summary>
    /// Whether the only cookie is the antiforgery one, issued with its no-store headers although no form on the page
    /// carries a token: Blazor issues it before a streaming page's response starts, in case a form streams in later.
    /// Such a page is stored without the cookie; a page with a form (or a token anywhere) never is.
    /// </summary>
    private static bool IsUnusedAntiforgeryCookie(IHeaderDictionary headers, Microsoft.Extensions.Primitives.StringValues cookies, byte[] body)
    {
        if (cookies.Count != 1
            || cookies[0] is not { } cookie || !cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)
            || headers.CacheControl.ToString() != "no-cache, no-store")
        {
            return false;
        }

        // A form, a token, or state persisted for interactive components (which can carry the token) uses the cookie.
        var html = System.Text.Encoding.UTF8.GetString(body);
        return !html.Contains("<form", StringComparison.OrdinalIgnoreCase)
            && !html.Contains("__RequestVerificationToken", StringComparison.OrdinalIgnoreCase)
            && !html.Contains("Blazor-Component-State", StringComparison.OrdinalIgnoreCase)
            && !html.Contains("Blazor-WebAssembly-Component-State", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsHtml(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Names the cookies set, and says where an antiforgery cookie comes from.</summary>
    private static string CookieReason(Microsoft.Extensions.Primitives.StringValues cookies)
    {
        var names = cookies
            .Select(cookie => cookie?.Split('=', 2)[0].Trim())
            .Where(name => !string.IsNullOrEmpty(name))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var reason = names.Length == 0 ? "the response sets a cookie" : $"the response sets a cookie ({string.Join(", ", names)})";
        return names.Any(name => name!.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal))
            ? reason + " (antiforgery: a <form>, an <EditForm> or [StreamRendering] on the page makes the framework issue it)"
            : reason;
    }

    private static string? UncacheableReason(IHeaderDictionary headers, byte[] body, bool streamedAndFolded)
    {
        if (headers.TryGetValue(HeaderNames.SetCookie, out var cookies) && cookies.Count > 0)
        {
            // Only a streaming page gets the antiforgery cookie before it knows whether a form follows.
            if (streamedAndFolded && IsUnusedAntiforgeryCookie(headers, cookies, body))
            {
                return null;
            }

            return CookieReason(cookies);
        }

        foreach (var value in headers.CacheControl)
        {
            if (value is null)
            {
                continue;
            }

            if (value.Contains("no-store", StringComparison.OrdinalIgnoreCase))
            {
                return "the response says Cache-Control: no-store";
            }

            if (value.Contains("private", StringComparison.OrdinalIgnoreCase))
            {
                return "the response says Cache-Control: private";
            }
        }

        return null;
    }
}
