using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;

namespace IsrMiddleware.Export;

/// <summary>
/// Exports the site as files: runs every params provider, renders every declared page in-process with bounded
/// parallelism (never through the cache tiers, so the live cache folder is not touched), writes each page at a
/// readable path under the export folder, then the app's static files, the sitemap, <c>robots.txt</c> and
/// <c>_redirects</c>, and checks internal links.
/// </summary>
internal sealed partial class StaticExporter(
    UncachedRenders renders,
    EndpointDataSource endpoints,
    IWebHostEnvironment environment,
    IOptions<StaticParamsOptions> staticParamsOptions,
    IOptions<StaticExportOptions> exportOptions,
    TimeProvider time,
    ILogger<StaticExporter> logger)
{
    private const int PagesInFlightPerRender = 8;

    public StaticExportOptions Options => exportOptions.Value;

    public async Task<StaticExportResult> ExportAsync(string directory, StaticExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        if (!renders.CanRender)
        {
            throw new InvalidOperationException("The pipeline is not built: start the host first, and call app.UseStaticParams() after UseRouting().");
        }

        var started = time.GetTimestamp();
        var settings = staticParamsOptions.Value;
        var root = Path.GetFullPath(directory);
        if (ExportDirectoryGuard.Prepare(root, options.CleanDirectory, settings.CacheDirectory, environment.ContentRootPath, environment.WebRootPath) is { } refused)
        {
            throw new StaticExportRefusedException(refused);
        }

        var pages = await EnumerateAsync(cancellationToken).ConfigureAwait(false);
        var parallelism = Math.Max(1, options.Parallelism);
        ExportLog.Starting(logger, root, environment.EnvironmentName, pages.Count, pages.Select(page => page.Route).Distinct().Count(), parallelism);

        var run = new ExportRun(new ExportFolder(root), options, settings.CanonicalOrigin);
        int staticFiles;
        try
        {
            await RenderAllAsync(run, pages, parallelism, started, cancellationToken).ConfigureAwait(false);
            staticFiles = options.CopyWebRoot
                ? await CopyStaticAssetsAsync(run, cancellationToken).ConfigureAwait(false) + await CopyWebRootAsync(run, cancellationToken).ConfigureAwait(false)
                : 0;
            WriteSiteFiles(run, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A cancelled export leaves no partial site.
            run.Folder.RemoveWritten();
            throw;
        }

        var brokenLinks = options.CheckLinks ? LinkChecker.Check(run.Folder.Files.Keys, run.Links) : [];
        foreach (var broken in brokenLinks)
        {
            ExportLog.BrokenLink(logger, broken.Link, broken.Page);
        }

        var failures = run.Failures.OrderBy(failure => failure.Key, StringComparer.Ordinal).ToArray();
        var exitCode = 0;
        if (failures.Length > 0 && !options.AllowFailures)
        {
            run.Folder.RemoveWritten();
            ExportLog.Failed(logger, failures.Length, string.Join(", ", failures.Select(failure => failure.Key)));
            exitCode = 1;
        }

        if (brokenLinks.Count > 0 && !options.AllowBrokenLinks)
        {
            ExportLog.BrokenLinksFatal(logger, brokenLinks.Count);
            exitCode = 1;
        }

        var elapsed = time.GetElapsedTime(started);
        ExportLog.Completed(logger, run.Pages, staticFiles, root, elapsed.TotalSeconds, run.Pages / Math.Max(elapsed.TotalSeconds, 0.001), failures.Length, brokenLinks.Count);
        return new StaticExportResult
        {
            Directory = root,
            Pages = run.Pages,
            StaticFiles = staticFiles,
            Failures = failures,
            BrokenLinks = brokenLinks,
            Elapsed = elapsed,
            ExitCode = exitCode,
        };
    }

    private async Task<List<(StaticRoute Route, string Key)>> EnumerateAsync(CancellationToken cancellationToken)
    {
        var pages = new List<(StaticRoute, string)>();
        await foreach (var (route, keys) in renders.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            ExportLog.RouteEnumerated(logger, route.DisplayPattern, keys.Count);
            pages.AddRange(keys.Select(key => (route, key)));
        }

        return pages;
    }

    private async Task RenderAllAsync(ExportRun run, List<(StaticRoute Route, string Key)> pages, int parallelism, long started, CancellationToken cancellationToken)
    {
        var done = 0;
        var every = Math.Max(1, run.Options.ProgressEvery);
        // More pages in flight than renders: writing files waits on the file system, and that wait overlaps renders.
        using var slots = new SemaphoreSlim(parallelism);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism * PagesInFlightPerRender, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(pages, parallel, async (page, token) =>
        {
            RenderResult result;
            await slots.WaitAsync(token).ConfigureAwait(false);
            try
            {
                result = await renders.RenderAsync(page.Route, page.Key, token).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }

            if (WritePage(run, page.Route, page.Key, result, token) is { } reason)
            {
                run.Failures.Add(new StaticExportFailure(page.Key, page.Route.DisplayPattern, reason));
                ExportLog.PageFailed(logger, page.Key, page.Route.DisplayPattern, reason);
            }

            var count = Interlocked.Increment(ref done);
            if (count % every == 0 || count == pages.Count)
            {
                ExportLog.Progress(logger, count, pages.Count, count / Math.Max(time.GetElapsedTime(started).TotalSeconds, 0.001));
            }
        }).ConfigureAwait(false);
    }
}
