using Microsoft.Net.Http.Headers;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Export;

internal sealed partial class StaticExporter
{
    /// <summary>Writes one rendered page (or redirect); returns why it could not be exported, or <see langword="null"/>.</summary>
    private string? WritePage(ExportRun run, StaticRoute route, string key, RenderResult result, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case RenderOutcome.Page:
                break;
            case RenderOutcome.Redirect:
                return WriteRedirect(run, route, key, result, cancellationToken);
            case RenderOutcome.NotFound:
                return "the render answered 404";
            case RenderOutcome.Uncacheable:
                return $"{result.Reason}: a static host cannot serve it";
            default:
                return result.Error is { } error ? $"{result.Reason}: {error.GetType().Name}: {error.Message}" : result.Reason ?? "the render failed";
        }

        var isHtml = ExportPaths.IsHtml(result.ContentType);
        if (ExportPaths.TryMap(key, isHtml, run.Options.HtmlExtension, out var relativePath) is { } unsafePath)
        {
            return Unsafe(route, key, unsafePath);
        }

        if (run.Folder.Write(relativePath, result.Body, key, cancellationToken) is { } writeError)
        {
            return writeError;
        }

        if (run.Options.Precompress)
        {
            var (brotli, gzip) = renders.Compress(result.ContentType, result.Body);
            foreach (var (variant, extension) in new[] { (brotli, ".br"), (gzip, ".gz") })
            {
                if (variant.Length > 0
                    && run.Folder.Write(relativePath + extension, variant, key, cancellationToken) is { } variantError)
                {
                    return variantError;
                }
            }
        }

        if (isHtml)
        {
            run.SitemapPages.Add((key, result.GeneratedAt));
            if (run.Options.CheckLinks)
            {
                run.Links.Add((key, LinkExtractor.Extract(result.Body, new Uri(SitemapWriter.Address(run.Origin, key)))));
            }
        }

        run.PageWritten();
        return null;
    }

    private string? WriteRedirect(ExportRun run, StaticRoute route, string key, RenderResult result, CancellationToken cancellationToken)
    {
        var location = result.Headers.FirstOrDefault(header => header.Key == HeaderNames.Location).Value;
        if (string.IsNullOrEmpty(location))
        {
            return "the redirect has no Location";
        }

        if (ExportPaths.TryMap(key, isHtml: true, run.Options.HtmlExtension, out var relativePath) is { } unsafePath)
        {
            return Unsafe(route, key, unsafePath);
        }

        var target = RedirectPages.Target(location, run.Origin);
        if (run.Folder.Write(relativePath, RedirectPages.RefreshPage(target), key, cancellationToken) is { } writeError)
        {
            return writeError;
        }

        run.Redirects.Add((key, target, result.StatusCode));
        if (run.Options.CheckLinks)
        {
            var page = new Uri(SitemapWriter.Address(run.Origin, key));
            if (Uri.TryCreate(page, target, out var resolved) && string.Equals(resolved.Authority, page.Authority, StringComparison.OrdinalIgnoreCase))
            {
                run.Links.Add((key, [(target, Uri.UnescapeDataString(resolved.AbsolutePath))]));
            }
        }

        run.PageWritten();
        return null;
    }

    private static string Unsafe(StaticRoute route, string key, string why) =>
        $"Static route '{route.DisplayPattern}': the page key '{key}' cannot be a safe relative path: {why}";
}
