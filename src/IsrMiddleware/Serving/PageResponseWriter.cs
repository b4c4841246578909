using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace IsrMiddleware.Serving;

/// <summary>Writes a stored page (or a captured render) to a live response: headers, validators, 304 and HEAD.</summary>
internal static class PageResponseWriter
{
    public static Task WritePageAsync(HttpContext context, StoredPage page, string cacheStatus, string cacheControl)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers[CacheHeaders.CacheStatus] = cacheStatus;
        headers.CacheControl = cacheControl;
        headers.ETag = page.ETag;
        if (IsNotModified(context.Request.Headers.IfNoneMatch, page.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        return WriteAsync(context, page.StatusCode, page.ContentType, page.Headers, page.Body);
    }

    public static Task WriteAsync(
        HttpContext context, int statusCode, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        for (var i = 0; i < headers.Count; i++)
        {
            response.Headers[headers[i].Key] = headers[i].Value;
        }

        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method) || body.IsEmpty)
        {
            return Task.CompletedTask;
        }

        return response.BodyWriter.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>If-None-Match uses the weak comparison: <c>W/"x"</c> matches <c>"x"</c>; <c>*</c> matches any.</summary>
    internal static bool IsNotModified(StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                var candidate = value.AsSpan()[range].Trim();
                if (candidate is "*")
                {
                    return true;
                }

                if (candidate.StartsWith("W/", StringComparison.Ordinal))
                {
                    candidate = candidate[2..];
                }

                if (candidate.SequenceEqual(etag))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
