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

    public static RenderResult Capture(HttpResponse response, byte[] body, IReadOnlyList<string> tags, DateTimeOffset generatedAt, TimeSpan duration)
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
        if (outcome is RenderOutcome.Page or RenderOutcome.Redirect && UncacheableReason(headers) is { } why)
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
            Tags = tags,
            Reason = reason,
            GeneratedAt = generatedAt,
            Duration = duration,
        };
    }

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

    private static string? UncacheableReason(IHeaderDictionary headers)
    {
        if (headers.TryGetValue(HeaderNames.SetCookie, out var cookies) && cookies.Count > 0)
        {
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
