using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Export;

/// <summary>
/// The live app's sitemap: every declared page and every stored page (those created on demand too), with the time
/// the stored version was rendered as <c>lastmod</c>; the same format as the export's <c>sitemap.xml</c>.
/// </summary>
internal sealed class LiveSitemap(DeclaredPages known, PageCache cache, IOptions<StaticParamsOptions> options)
{
    public async Task WriteAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        await known.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        var pages = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var key in known.Keys)
        {
            pages[key] = null;
        }

        foreach (var page in await cache.GetAllMetadataAsync(cancellationToken).ConfigureAwait(false))
        {
            pages[page.Key] = page.GeneratedAt;
        }

        // One file: a live sitemap past the protocol's 50,000 URLs keeps the first ones in key order.
        var entries = pages.Select(pair => (pair.Key, pair.Value)).OrderBy(entry => entry.Key, StringComparer.Ordinal).Take(SitemapWriter.MaxUrlsPerFile);
        var (_, content) = SitemapWriter.Write(options.Value.CanonicalOrigin, entries)[0];
        context.Response.ContentType = "application/xml; charset=utf-8";
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content, cancellationToken).ConfigureAwait(false);
    }
}
