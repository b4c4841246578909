using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using IsrMiddleware.Model;

namespace IsrMiddleware.Serving;

/// <summary>Writes a stored page (or a captured render) to a live response: headers, validators, 304, ranges and HEAD.</summary>
internal static class PageResponseWriter
{
    private const string AcceptEncodingHeader = "Accept-Encoding";
    private const string Brotli = "br";
    private const string Gzip = "gzip";

    public static Task WritePageAsync(HttpContext context, StoredPage page, string cacheStatus, string cacheControl)
    {
        var request = context.Request;
        var response = context.Response;
        var headers = response.Headers;
        var hasVariants = page.HasBrotli || page.HasGzip;

        // A copy read for one response holds the representation its store chose for this request, by the same rule.
        var coding = page.Representation ?? new AcceptedEncodings(request.Headers.AcceptEncoding).Choose(page.HasBrotli, page.HasGzip);
        var (body, etag) = coding switch
        {
            PageEncoding.Brotli => (page.BrotliBody, page.BrotliETag),
            PageEncoding.Gzip => (page.GzipBody, page.GzipETag),
            _ => (page.Body, page.ETag),
        };

        headers[CacheHeaders.CacheStatus] = cacheStatus;
        headers.CacheControl = cacheControl;
        headers.ETag = etag;
        if (hasVariants)
        {
            headers.Vary = AcceptEncodingHeader;
        }

        if (IsNotModified(request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        if (coding != PageEncoding.Identity)
        {
            headers.ContentEncoding = coding == PageEncoding.Brotli ? Brotli : Gzip;
        }

        if (page.StatusCode != StatusCodes.Status200OK)
        {
            return WriteAsync(context, page.StatusCode, page.ContentType, page.Headers, body);
        }

        // Ranges address the bytes of the representation selected above (its own strong ETag), never the identity body
        // behind a Content-Encoding.
        headers.AcceptRanges = ByteRange.Unit;
        var range = ByteRange.Select(request, etag, body.Length);
        switch (range.Kind)
        {
            case ByteRangeKind.Partial:
                headers.ContentRange = range.ContentRange(body.Length);
                return WriteAsync(
                    context, StatusCodes.Status206PartialContent, page.ContentType, page.Headers, body.Slice((int)range.Start, (int)range.Length));
            case ByteRangeKind.Unsatisfiable:
                headers.ContentRange = range.ContentRange(body.Length);
                headers.CacheControl = CacheHeaders.NoStore;
                headers.Remove(HeaderNames.ContentEncoding);
                return WriteAsync(context, StatusCodes.Status416RangeNotSatisfiable, contentType: null, [], ReadOnlyMemory<byte>.Empty);
            default:
                return WriteAsync(context, page.StatusCode, page.ContentType, page.Headers, body);
        }
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

        var write = response.BodyWriter.WriteAsync(body, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
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
