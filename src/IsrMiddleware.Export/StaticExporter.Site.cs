namespace IsrMiddleware.Export;

internal sealed partial class StaticExporter
{
    /// <summary>Copies the web root's files beside the pages; a page keeps its path when a static file has the same one.</summary>
    private async Task<int> CopyWebRootAsync(ExportRun run, CancellationToken cancellationToken)
    {
        var copied = 0;
        var files = WebRootFiles.Enumerate(environment.WebRootFileProvider, path => ExportLog.Skipped(logger, path, "not a safe file name"));
        foreach (var (relativePath, file) in files)
        {
            if (run.Folder.Contains(relativePath))
            {
                ExportLog.Skipped(logger, relativePath, $"a static file with the path of the page {run.Folder.Files[relativePath]}");
                continue;
            }

            byte[] content;
            var stream = file.CreateReadStream();
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                content = buffer.ToArray();
            }

            if (run.Folder.Write(relativePath, content, "the web root", cancellationToken) is { } error)
            {
                ExportLog.Skipped(logger, relativePath, error);
                continue;
            }

            copied++;
        }

        return copied;
    }

    /// <summary>Writes the sitemap, <c>robots.txt</c> and <c>_redirects</c>, unless the app has a page or file of that name.</summary>
    private void WriteSiteFiles(ExportRun run, CancellationToken cancellationToken)
    {
        var files = new List<(string Path, byte[] Content)>();
        if (run.Options.WriteSitemap)
        {
            files.AddRange(SitemapWriter.Write(run.Origin, run.SitemapPages));
            files.Add(("robots.txt", RobotsTxt.Create(run.Origin)));
        }

        if (!run.Redirects.IsEmpty)
        {
            files.Add(("_redirects", RedirectPages.RedirectsFile(run.Redirects)));
        }

        foreach (var (path, content) in files)
        {
            if (run.Folder.Contains(path))
            {
                ExportLog.Skipped(logger, path, $"the app has its own ({run.Folder.Files[path]})");
                continue;
            }

            if (run.Folder.Write(path, content, "the export", cancellationToken) is { } error)
            {
                ExportLog.Skipped(logger, path, error);
            }
        }
    }
}
