using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// Static export throughput on N trivial pages, side by side in one run: the library's export (<c>app.ExportAsync</c>:
/// providers, in-process renders, files, precompressed siblings, sitemap, link check) against AspNetStatic's method
/// (the same handler behind Kestrel on 127.0.0.1, fetched by HttpClient, each body written to a file), with the
/// same parallelism. A first, unmeasured export of up to 1,000 pages warms the process up.
/// </summary>
/// <remarks>
/// The export's time includes the host's start and everything it writes beyond the pages; the HTTP side's host is
/// started before its clock starts and it writes only the bodies.
/// </remarks>
internal static class ExportBench
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var pages = options.Pages;
        var parallelism = options.Parallelism;
        var root = options.CacheDirectory;
        Console.WriteLine($"Export benchmark: {pages} trivial pages, {parallelism} at a time ({Environment.ProcessorCount} processors), under {root}");

        // A first export warms up the JIT and the thread pool, so that the order of the measured runs does not decide.
        await ExportAsync(options with { Pages = Math.Min(pages, 1000) }, "warm-up", _ => { }).ConfigureAwait(false);
        var (result, exported) = await ExportAsync(options, "export", _ => { }).ConfigureAwait(false);
        var (pagesOnly, pagesOnlyTime) = await ExportAsync(options, "export-pages-only", export =>
        {
            export.Precompress = false;
            export.CheckLinks = false;
        }).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();

        TimeSpan fetched;
        long bytes;
        await using (var app = Build(pages, options.Port, Path.Combine(root, "http-app"), parallelism))
        {
            await app.StartAsync().ConfigureAwait(false);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var paths = Enumerable.Range(0, pages).Select(i => string.Create(CultureInfo.InvariantCulture, $"/live/{i}")).ToArray();
            clock.Restart();
            bytes = await HttpExport.FetchAndWriteAsync(client, new Uri($"http://127.0.0.1:{options.Port}"), paths, Path.Combine(root, "http-out"), parallelism)
                .ConfigureAwait(false);
            fetched = clock.Elapsed;
            await app.StopAsync().ConfigureAwait(false);
        }

        Console.WriteLine();
        Console.WriteLine("| way | pages | time | pages/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(HttpExport.Row($"library export, in-process (host start included; exporter alone {result.Elapsed.TotalSeconds:0.000} s)", result.Pages, exported));
        Console.WriteLine(HttpExport.Row($"library export, pages only: no precompressed siblings, no link check (exporter alone {pagesOnly.Elapsed.TotalSeconds:0.000} s)", pagesOnly.Pages, pagesOnlyTime));
        Console.WriteLine(HttpExport.Row($"HttpClient fetch + write file, AspNetStatic's method ({bytes} body bytes)", pages, fetched));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio export / HTTP: {(result.Pages / exported.TotalSeconds) / (pages / fetched.TotalSeconds):0.00}x"));

        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(root, recursive: true);
        }

        return result.ExitCode == 0 && result.Pages == pages && pagesOnly.Pages == pages ? 0 : 1;
    }

    private static async Task<(StaticExportResult Result, TimeSpan Time)> ExportAsync(BenchOptions options, string name, Action<StaticExportOptions> configure)
    {
        var clock = Stopwatch.StartNew();
        await using var app = Build(options.Pages, options.Port, Path.Combine(options.CacheDirectory, name + "-app"), options.Parallelism);
        var result = await app.ExportAsync(Path.Combine(options.CacheDirectory, name + "-out"), configure).ConfigureAwait(false);
        return (result, clock.Elapsed);
    }

    private static WebApplication Build(int pages, int port, string contentRoot, int parallelism)
    {
        var builder = BenchHosting.CreateBuilder(port, contentRoot);
        builder.Services.AddStaticParams(isr => isr.CacheDirectory = Path.Combine(contentRoot, "isr-cache"))
            .AddStaticExport(export => export.Parallelism = parallelism);
        var app = builder.Build();
        app.UseRouting();
        app.UseStaticParams();
        app.MapGet("/p/{id}", Render)
            .WithStaticParams(_ => Enumerable.Range(0, pages).Select(i => new RouteValueDictionary { ["id"] = i.ToString(CultureInfo.InvariantCulture) }));
        app.MapGet("/live/{id}", Render);
        return app;
    }

    private static IResult Render(string id) =>
        Results.Content($"<!DOCTYPE html><html><body><h1>Page {id}</h1></body></html>", "text/html; charset=utf-8");
}
