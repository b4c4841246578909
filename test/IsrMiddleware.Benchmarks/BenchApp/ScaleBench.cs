using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// A large catalog on the disk store: an in-process run fills a cache folder with N declared pages (timed); then, three
/// times, a new process of the same site over that folder and one of the site with no page (workstation GC both) are
/// timed from start to ready and asked for their managed heap and working set after a full compacting GC, and the
/// full one serves 200 random pages it has not read yet (from disk, so each is a durable hit).
/// </summary>
internal static class ScaleBench
{
    private const int Runs = 3;
    private const int RandomHits = 200;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var pages = options.Pages;
        var folder = Path.Combine(options.CacheDirectory, "scale");
        Console.WriteLine($"Scale benchmark: {pages} pages, cache {folder}");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        var clock = Stopwatch.StartNew();
        await using (var fill = PagesSite.Build(pages, options.Port, folder, options.Parallelism))
        {
            await fill.StartAsync().ConfigureAwait(false);
            await Readiness.WaitAsync(client, options.Port, clock, Limit).ConfigureAwait(false);
            await fill.StopAsync().ConfigureAwait(false);
        }

        var fillTime = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fill: {PagesSite.Renders} renders in {fillTime.TotalSeconds:0.0} s ({PagesSite.Renders / fillTime.TotalSeconds:0} pages/s)"));

        var failed = false;
        var rows = new List<string>();
        var empty = Path.Combine(options.CacheDirectory, "scale-empty");
        for (var run = 1; run <= Runs; run++)
        {
            var baseline = await MeasureChildAsync(client, 0, empty, options.Parallelism).ConfigureAwait(false);
            var full = await MeasureChildAsync(client, pages, folder, options.Parallelism).ConfigureAwait(false);
            failed |= full.Renders != 0 || full.Hits != RandomHits;
            var perPage = (full.Heap - baseline.Heap) / (double)Math.Max(1, pages);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {full.Ready.TotalMilliseconds:0} ms | {baseline.Ready.TotalMilliseconds:0} ms | **{(full.Ready - baseline.Ready).TotalMilliseconds:0} ms** | {full.Renders} "
                + $"| {full.Heap / 1048576.0:0.0} / {baseline.Heap / 1048576.0:0.0} MiB | **{perPage:0} B** "
                + $"| {full.WorkingSet / 1048576.0:0} / {baseline.WorkingSet / 1048576.0:0} MiB | {full.Hits}/{RandomHits}, p50 {full.HitP50:0.00} ms, p99 {full.HitP99:0.00} ms |"));
        }

        Console.WriteLine();
        Console.WriteLine($"| run | ready, {pages} pages | ready, no page | difference | renders | managed heap, full / empty | heap per page | working set, full / empty | random disk hits |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        rows.ForEach(Console.WriteLine);

        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(options.CacheDirectory, recursive: true);
        }

        return failed ? 1 : 0;
    }

    private sealed record Child(TimeSpan Ready, int Renders, long Heap, long WorkingSet, int Hits, double HitP50, double HitP99);

    private static async Task<Child> MeasureChildAsync(HttpClient client, int pages, string folder, int parallelism)
    {
        var port = Readiness.FreePort();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        start.Environment["DOTNET_gcServer"] = "0";
        if (string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ScaleBench).Assembly.Location);
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
            var memory = await client.GetFromJsonAsync<long[]>(new Uri($"http://127.0.0.1:{port}/bench/memory")).ConfigureAwait(false) ?? [0, 0];
            var hits = 0;
            var times = new List<double>();
            if (pages > 0)
            {
                var random = new Random(1);
                for (var i = 0; i < RandomHits; i++)
                {
                    var hit = Stopwatch.StartNew();
                    using var page = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/p/{random.Next(pages)}")).ConfigureAwait(false);
                    await page.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    times.Add(hit.Elapsed.TotalMilliseconds);
                    if (page.IsSuccessStatusCode && page.Headers.TryGetValues("X-Isr-Cache", out var values) && values.Contains("HIT"))
                    {
                        hits++;
                    }
                }
            }

            times.Sort();
            var renders = await client.GetFromJsonAsync<int>(new Uri($"http://127.0.0.1:{port}/bench/renders")).ConfigureAwait(false);
            return new Child(ready, renders, memory[0], memory[1], hits,
                times.Count == 0 ? 0 : times[times.Count / 2], times.Count == 0 ? 0 : times[(int)(times.Count * 0.99)]);
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync().ConfigureAwait(false);
        }
    }
}
