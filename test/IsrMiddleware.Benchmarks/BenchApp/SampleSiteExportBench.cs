using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// Static export throughput on the sample site with N extra products (<c>products/bench/item-i.json</c>), side by
/// side in one run: <c>dotnet SampleSite.dll export DIR</c> (the exporter's own time, from its "Export done" line,
/// and the process's wall time), against AspNetStatic's method: the site running on 127.0.0.1 in Development (where
/// the library caches nothing, so every request renders its page), every page of the export's sitemap fetched by
/// HttpClient and written to a file, with the same parallelism.
/// </summary>
internal static partial class SampleSiteExportBench
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var dll = options.SampleSite ?? throw new ArgumentException("--export-bench-sample needs --sample-site PATH/SampleSite.dll");
        var root = options.CacheDirectory;
        var content = Path.Combine(root, "content");
        CopyTree(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dll))!, "content"), content);
        Directory.CreateDirectory(Path.Combine(content, "products", "bench"));
        for (var i = 0; i < options.Pages; i++)
        {
            File.WriteAllText(Path.Combine(content, "products", "bench", $"item-{i}.json"), $"{{\"name\": \"Bench item {i}\", \"price\": {i}.5}}");
        }

        Console.WriteLine($"Sample site export benchmark: shipped content + {options.Pages} products, parallelism {Environment.ProcessorCount} (the library's default)");
        var exportOut = Path.Combine(root, "export-out");
        var (pages, exporterTime, wall) = await ExportAsync(dll, content, root, exportOut).ConfigureAwait(false);
        var (_, pagesOnlyTime, _) = await ExportAsync(dll, content, root, Path.Combine(root, "export-pages-only"), "--no-precompress", "--no-link-check").ConfigureAwait(false);
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var paths = XDocument.Load(Path.Combine(exportOut, "sitemap.xml")).Root!.Elements(ns + "url")
            .Select(url => new Uri(url.Element(ns + "loc")!.Value).AbsolutePath).ToArray();

        using var site = Start(dll, content, root, "Development", ["--urls", $"http://127.0.0.1:{options.Port}"]);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await WaitHealthyAsync(client, options.Port, site).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var bytes = await HttpExport.FetchAndWriteAsync(client, new Uri($"http://127.0.0.1:{options.Port}"), paths, Path.Combine(root, "http-out"), Environment.ProcessorCount)
            .ConfigureAwait(false);
        var fetched = clock.Elapsed;
        site.Kill(entireProcessTree: true);

        Console.WriteLine();
        Console.WriteLine("| way | pages | time | pages/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(HttpExport.Row($"`export` command, exporter alone (process wall time {wall.TotalSeconds:0.00} s)", pages, exporterTime));
        Console.WriteLine(HttpExport.Row("`export --no-precompress --no-link-check`: pages only, exporter alone", pages, pagesOnlyTime));
        Console.WriteLine(HttpExport.Row($"HttpClient fetch + write file, AspNetStatic's method ({bytes} body bytes)", paths.Length, fetched));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio export / HTTP: {(pages / exporterTime.TotalSeconds) / (paths.Length / fetched.TotalSeconds):0.00}x"));
        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    private static async Task<(int Pages, TimeSpan Exporter, TimeSpan Wall)> ExportAsync(string dll, string content, string root, string directory, params string[] switches)
    {
        var clock = Stopwatch.StartNew();
        var (exitCode, output) = await RunToEndAsync(Start(dll, content, root, "Production", ["export", directory, .. switches])).ConfigureAwait(false);
        var wall = clock.Elapsed;
        var done = ExportDone().Match(output);
        if (exitCode != 0 || !done.Success)
        {
            throw new InvalidOperationException($"The export failed ({exitCode}):\n{output}");
        }

        return (int.Parse(done.Groups["pages"].Value, CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(done.Groups["seconds"].Value, CultureInfo.InvariantCulture)), wall);
    }

    [GeneratedRegex(@"Export done: (?<pages>\d+) pages .* in (?<seconds>[\d.]+) s")]
    private static partial Regex ExportDone();

    private static Process Start(string dll, string content, string root, string environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Isr__CacheDirectory"] = Path.Combine(root, "cache-" + environment);
        start.Environment["SampleSite__ContentDirectory"] = content;
        // A console line per render or request would measure the console.
        start.Environment["Serilog__MinimumLevel__Override__IsrMiddleware"] = "Warning";
        start.Environment["Serilog__MinimumLevel__Override__IsrMiddleware.Rendering"] = "Warning";
        start.Environment["Serilog__MinimumLevel__Override__IsrMiddleware.Export"] = "Information";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        return Process.Start(start)!;
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(Process process)
    {
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(Limit).Token).ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
        }
    }

    private static async Task WaitHealthyAsync(HttpClient client, int port, Process site)
    {
        _ = site.StandardOutput.ReadToEndAsync();
        _ = site.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Limit && !site.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException("The sample site did not become healthy.");
    }

    private static void CopyTree(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
