using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// Warm restart: a first, in-process run fills a cache folder with N pre-rendered pages; then a new process over
/// that folder is timed from its start until <c>/healthz</c> answers 200, and asked how many renders it did (0
/// expected), three times. The same is timed for a site with no page at all, to show what runtime and host
/// start-up alone take on this machine.
/// </summary>
internal static class WarmRestartBench
{
    private const int Runs = 3;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var pages = options.Pages;
        var folder = Path.Combine(options.CacheDirectory, "warm");
        Console.WriteLine($"Warm-restart benchmark: {pages} pages, cache {folder}");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // Fill: an in-process run renders and stores every page.
        var clock = Stopwatch.StartNew();
        await using (var fill = PagesSite.Build(pages, options.Port, folder, options.Parallelism))
        {
            await fill.StartAsync().ConfigureAwait(false);
            await Readiness.WaitAsync(client, options.Port, clock, Limit).ConfigureAwait(false);
            await fill.StopAsync().ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fill: {PagesSite.Renders} renders in {clock.Elapsed.TotalSeconds:0.00} s"));

        var failed = false;
        var rows = new List<string>();
        var empty = Path.Combine(options.CacheDirectory, "empty");
        for (var run = 1; run <= Runs; run++)
        {
            var (baseline, _, _) = await TimeChildAsync(client, 0, empty, options.Parallelism).ConfigureAwait(false);
            var (ready, renders, served) = await TimeChildAsync(client, pages, folder, options.Parallelism).ConfigureAwait(false);
            failed |= renders != 0 || !served;
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {ready.TotalMilliseconds:0} ms | {renders} | {(served ? "HIT" : "not served")} | {baseline.TotalMilliseconds:0} ms | {(ready - baseline).TotalMilliseconds:0} ms |"));
        }

        Console.WriteLine();
        Console.WriteLine($"| run | process start to ready, {pages} pages on disk | renders | GET /p/0 | same, site with no page | difference |");
        Console.WriteLine("|---:|---:|---:|---|---:|---:|");
        rows.ForEach(Console.WriteLine);

        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(options.CacheDirectory, recursive: true);
        }

        return failed ? 1 : 0;
    }

    /// <summary>Starts a new process of this app in pages-site mode and times it from start to ready.</summary>
    private static async Task<(TimeSpan Ready, int Renders, bool Served)> TimeChildAsync(HttpClient client, int pages, string folder, int parallelism)
    {
        var port = Readiness.FreePort();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(WarmRestartBench).Assembly.Location);
        }

        string[] arguments =
        [
            "--pages-site", pages.ToString(CultureInfo.InvariantCulture), "--port", port.ToString(CultureInfo.InvariantCulture), "--cache-dir", folder,
            "--parallelism", parallelism.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        try
        {
            var ready = await Readiness.WaitAsync(client, port, clock, Limit).ConfigureAwait(false);
            var served = true;
            if (pages > 0)
            {
                using var page = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/p/0")).ConfigureAwait(false);
                served = page.IsSuccessStatusCode && page.Headers.TryGetValues("X-Isr-Cache", out var values) && values.Contains("HIT");
            }

            var renders = await client.GetFromJsonAsync<int>(new Uri($"http://127.0.0.1:{port}/bench/renders")).ConfigureAwait(false);
            return (ready, renders, served);
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync().ConfigureAwait(false);
        }
    }
}
