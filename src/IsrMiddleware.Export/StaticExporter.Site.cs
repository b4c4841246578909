using Microsoft.Extensions.FileProviders;

namespace IsrMiddleware.Export;

internal sealed partial class StaticExporter
{
    private const string StaticAssetsOwner = "the static assets";

    /// <summary>
    /// Copies what <c>MapStaticAssets()</c> serves to the routes a browser requests (fingerprinted names included);
    /// a page keeps its path when an asset has the same one.
    /// </summary>
    private async Task<int> CopyStaticAssetsAsync(ExportRun run, CancellationToken cancellationToken)
    {
        var copied = 0;
        foreach (var (relativePath, assetPath) in StaticAssetFiles.Enumerate(endpoints))
        {
            if (run.Folder.Contains(relativePath))
            {
                ExportLog.Skipped(logger, relativePath, $"a static asset with the path of the page {run.Folder.Files[relativePath]}");
                continue;
            }

            var file = environment.WebRootFileProvider.GetFileInfo(assetPath);
            if (!file.Exists || file.IsDirectory)
            {
                ExportLog.Skipped(logger, relativePath, $"its asset file '{assetPath}' is not in the web root");
                continue;
            }

            if (await CopyAsync(run, relativePath, file, StaticAssetsOwner, cancellationToken).ConfigureAwait(false))
            {
                copied++;
            }
        }

        return copied;
    }

    /// <summary>Copies the web root's files beside the pages; a page or static asset keeps its path when a file has the same one.</summary>
    private async Task<int> CopyWebRootAsync(ExportRun run, CancellationToken cancellationToken)
    {
        var copied = 0;
        var files = WebRootFiles.Enumerate(environment.WebRootFileProvider, path => ExportLog.Skipped(logger, path, "not a safe file name"));
        foreach (var (relativePath, file) in files)
        {
            if (run.Folder.Files.TryGetValue(relativePath, out var owner))
            {
                // The same file under the same name, already copied as a static asset.
                if (owner != StaticAssetsOwner)
                {
                    ExportLog.Skipped(logger, relativePath, $"a static file with the path of the page {owner}");
                }

                continue;
            }

            if (await CopyAsync(run, relativePath, file, "the web root", cancellationToken).ConfigureAwait(false))
            {
                copied++;
            }
        }

        return copied;
    }

    private async Task<bool> CopyAsync(ExportRun run, string relativePath, IFileInfo file, string owner, CancellationToken cancellationToken)
    {
        byte[] content;
        var stream = file.CreateReadStream();
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            content = buffer.ToArray();
        }

        if (run.Folder.Write(relativePath, content, owner, cancellationToken) is { } error)
        {
            ExportLog.Skipped(logger, relativePath, error);
            return false;
        }

        return true;
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
