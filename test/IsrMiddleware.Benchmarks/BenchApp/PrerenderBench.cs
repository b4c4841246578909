using System.Diagnostics;
using System.Globalization;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// Pre-render throughput: N pages of a trivial endpoint rendered in-process by the library at start-up (from the
/// host's start until <c>/healthz</c> answers 200), against the same handler fetched N times by HttpClient
/// self-requests to a path never seen before, with the same parallelism on both sides (default: the processor
/// count, the library's default).
/// </summary>
/// <remarks>
/// Not the same work on each side, and the difference favours HTTP: the in-process side starts cold (JIT included),
/// enumerates and validates the N params, and stores every page (entity tag, memory tier, a disk file written and
/// flushed); the HTTP side is warmed up first and only reads each body.
/// </remarks>
internal static class PrerenderBench
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var pages = options.Pages;
        var parallelism = options.Parallelism;
        Console.WriteLine($"Pre-render benchmark: {pages} pages, {parallelism} at a time ({Environment.ProcessorCount} processors), cache {options.CacheDirectory}");

        await using var app = PagesSite.Build(pages, options.Port, Path.Combine(options.CacheDirectory, "prerender"), parallelism);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // In-process: the host starts, the providers run, every page is rendered and stored; /healthz turns 200.
        var clock = Stopwatch.StartNew();
        await app.StartAsync().ConfigureAwait(false);
        var started = clock.Elapsed;
        var ready = await Readiness.WaitAsync(client, options.Port, clock, Limit).ConfigureAwait(false);
        var rendered = PagesSite.Renders;
        var inProcess = pages / ready.TotalSeconds;

        // HTTP self-requests: warm the path up, then fetch N paths never fetched before.
        for (var i = 0; i < 200; i++)
        {
            using var warm = await client.GetAsync(new Uri($"http://127.0.0.1:{options.Port}/live/warm{i}")).ConfigureAwait(false);
            warm.EnsureSuccessStatusCode();
        }

        long bytes = 0;
        var before = PagesSite.Renders;
        clock.Restart();
        await Parallel.ForEachAsync(
            Enumerable.Range(pages, pages),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (id, token) =>
            {
                var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.Port}/live/{id}"));
                using var response = await client.GetAsync(uri, token).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                Interlocked.Add(ref bytes, body.Length);
            }).ConfigureAwait(false);
        var fetched = clock.Elapsed;
        var http = pages / fetched.TotalSeconds;

        await app.StopAsync().ConfigureAwait(false);
        Console.WriteLine();
        Console.WriteLine("| way | pages | time | pages/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(Row($"in-process pre-render (host start {started.TotalMilliseconds:0} ms included; {rendered} renders)", pages, ready, inProcess));
        Console.WriteLine(Row($"HttpClient self-requests ({PagesSite.Renders - before} renders, {bytes} body bytes)", pages, fetched, http));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio in-process / HTTP: {inProcess / http:0.00}x"));

        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(options.CacheDirectory, recursive: true);
        }

        return rendered == pages ? 0 : 1;
    }

    private static string Row(string way, int pages, TimeSpan time, double rate) =>
        string.Create(CultureInfo.InvariantCulture, $"| {way} | {pages} | {time.TotalSeconds:0.000} s | {rate:0} |");
}
