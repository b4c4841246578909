using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using IsrMiddleware.Engine;
using IsrMiddleware.Holes;
using IsrMiddleware.Model;

namespace IsrMiddleware.Serving;

/// <summary>
/// Serves a stored page that has live holes. To a browser: the shell up to the first hole at once, then each hole as it
/// completes (in page order), <c>private</c> and without the shell's validator. To an ESI-capable cache (and with
/// <c>MapHoleEndpoint</c> mapped): the cacheable shell, each hole an <c>&lt;esi:include&gt;</c>.
/// </summary>
internal sealed class HolePageWriter(HoleRunner runner, HoleEndpointAddress endpoint, Precompressor precompressor)
{
    /// <summary>A response with a per-request hole: the browser may keep it, a shared cache never.</summary>
    public const string PrivateNoCache = "private, no-cache";

    private const string Esi = "ESI/1.0";

    public Task WriteAsync(HttpContext context, StoredPage page, HoleLayout layout, string cacheStatus, string cacheControl) =>
        endpoint.Path is { } path && IsEsiCapable(context.Request)
            ? WriteEsiShellAsync(context, page, layout, path, cacheStatus, cacheControl)
            : StreamAsync(context, page, layout, cacheStatus);

    private static bool IsEsiCapable(HttpRequest request)
    {
        foreach (var value in request.Headers["Surrogate-Capability"])
        {
            if (value is not null && value.Contains(Esi, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Task WriteEsiShellAsync(HttpContext context, StoredPage page, HoleLayout layout, string path, string cacheStatus, string cacheControl)
    {
        var headers = context.Response.Headers;
        var etag = page.EsiETag;
        headers[CacheHeaders.CacheStatus] = cacheStatus;
        headers.CacheControl = cacheControl;
        headers.ETag = etag;
        headers["Surrogate-Control"] = "content=\"" + Esi + "\"";
        if (PageResponseWriter.IsNotModified(context.Request.Headers.IfNoneMatch, etag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        return PageResponseWriter.WriteAsync(
            context, page.StatusCode, page.ContentType, HoleFallbacks.WithoutNonce(page.Headers), layout.EsiBody(path, page.Key));
    }

    private async Task StreamAsync(HttpContext context, StoredPage page, HoleLayout layout, string cacheStatus)
    {
        var request = context.Request;
        var response = context.Response;
        var headers = response.Headers;
        response.StatusCode = page.StatusCode;
        response.ContentType = page.ContentType;
        var stored = page.Headers;
        for (var i = 0; i < stored.Count; i++)
        {
            if (!string.Equals(stored[i].Key, HoleMarkers.HeaderName, StringComparison.OrdinalIgnoreCase))
            {
                headers[stored[i].Key] = stored[i].Value;
            }
        }

        headers[CacheHeaders.CacheStatus] = cacheStatus;
        headers.CacheControl = PrivateNoCache;
        headers.Remove(HeaderNames.Age);

        // A proxy that buffers whole responses (nginx by default) would hold the shell back until the last hole.
        headers["X-Accel-Buffering"] = "no";

        // One gzip stream of parts: the segments compressed once per version, each hole stored as it is. Brotli streams
        // do not concatenate, and compressing the whole page per request costs more than the hit (BENCHMARKS.md), so
        // a page with holes is offered in gzip or identity only.
        var offersGzip = precompressor.Applies(page.ContentType, page.Body.Length);
        var gzip = offersGzip && new AcceptedEncodings(request.Headers.AcceptEncoding).Choose(hasBrotli: false, hasGzip: true) == PageEncoding.Gzip;
        if (offersGzip)
        {
            headers.Vary = HeaderNames.AcceptEncoding;
        }

        if (gzip)
        {
            headers.ContentEncoding = "gzip";
        }

        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        var aborted = context.RequestAborted;
        var writer = response.BodyWriter;
        var segments = gzip ? layout.GzipSegments() : null;
        var trailer = gzip ? new GzipParts() : null;
        try
        {
            // Every hole starts at once; each runs on a context of its own, so none can reach this response.
            _ = request.Cookies; // parsed once here, not by several holes at the same time
            var holes = new Task<byte[]?>[layout.Holes.Count];
            for (var i = 0; i < holes.Length; i++)
            {
                holes[i] = runner.RenderAsync(context, layout.Holes[i].Name, page.Key, aborted);
            }

            if (segments is null)
            {
                Write(writer, layout.Segments[0]);
            }
            else
            {
                writer.Write(GzipParts.Header);
                trailer!.Add(segments[0]);
                Write(writer, segments[0].Deflate);
            }

            for (var i = 0; i < holes.Length; i++)
            {
                if (!holes[i].IsCompleted)
                {
                    // What is written so far (the <head> first of all) leaves before waiting for the next hole.
                    await writer.FlushAsync(aborted).ConfigureAwait(false);
                }

                var html = await holes[i].ConfigureAwait(false) is { } live ? live : layout.Holes[i].Fallback;
                if (segments is null)
                {
                    Write(writer, html);
                    Write(writer, layout.Segments[i + 1]);
                }
                else
                {
                    trailer!.Add(html.Span);
                    trailer.Add(segments[i + 1]);
                    GzipParts.WriteStored(writer, html.Span);
                    Write(writer, segments[i + 1].Deflate);
                }
            }

            if (trailer is not null)
            {
                Write(writer, trailer.End());
            }

            await writer.FlushAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left.
        }
    }

    private static void Write(System.IO.Pipelines.PipeWriter writer, ReadOnlyMemory<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            writer.Write(bytes.Span);
        }
    }
}
