using System.Diagnostics;
using System.Globalization;
using IsrMiddleware.Benchmarks;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// Bounded memory: N distinct 20 KiB pages created on demand (Blocking) through HTTP self-requests, under a 64 MiB
/// memory tier. Prints the process working set before (the empty app, warmed up) and after, and checks that earlier
/// pages are still hits, served from the disk tier.
/// </summary>
internal static class MemoryBench
{
    private const long MemoryLimitBytes = 64L * 1024 * 1024;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var pages = options.Pages;
        var builder = BenchHosting.CreateBuilder(options.Port, Path.Combine(options.CacheDirectory, "memory-bench"));
        builder.Services.AddStaticParams(isr =>
        {
            isr.CacheDirectory = Path.Combine(options.CacheDirectory, "memory-bench", "isr-cache");
            isr.MemoryLimitBytes = MemoryLimitBytes;
            isr.MaxOnDemandPages = pages + 1;
            isr.MaxOnDemandBytes = long.MaxValue;

            // The bench is one client creating pages on purpose: lift the per-client and concurrency caps.
            isr.OnDemandRendersPerClientPerMinute = int.MaxValue;
            isr.MaxConcurrentOnDemandRenders = 64;
        });
        await using var app = builder.Build();
        app.UseRouting();
        app.UseStaticParams();
        app.MapGet("/m/{id}", BenchHosting.WriteRawAsync).WithStaticParams().WithUnknownParams(UnknownParams.Blocking);
        await app.StartAsync().ConfigureAwait(false);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        for (var i = 0; i < 200; i++)
        {
            (await client.GetAsync(new Uri($"/m/warm{i}", UriKind.Relative)).ConfigureAwait(false)).EnsureSuccessStatusCode();
        }

        var empty = WorkingSet();
        var emptyHeap = GC.GetGCMemoryInfo().HeapSizeBytes;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, pages),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (id, token) =>
            {
                using var response = await client.GetAsync(new Uri(PagePath(id), UriKind.Relative), token).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        var filled = clock.Elapsed;
        var full = WorkingSet();
        var fullHeap = GC.GetGCMemoryInfo().HeapSizeBytes;

        var random = new Random(1);
        var hits = 0;
        for (var i = 0; i < 200; i++)
        {
            using var response = await client.GetAsync(new Uri(PagePath(random.Next(pages)), UriKind.Relative)).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (response.IsSuccessStatusCode && response.Headers.TryGetValues("X-Isr-Cache", out var cache) && cache.Single() == "HIT"
                && body.AsSpan().SequenceEqual(BenchPage.Bytes))
            {
                hits++;
            }
        }

        await app.StopAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            | measure | value |
            |---|---:|
            | pages created on demand | {pages} in {filled.TotalSeconds:0.0} s ({pages / filled.TotalSeconds:0} pages/s) |
            | page body | {BenchPage.Bytes.Length} bytes (+ stored Brotli and gzip variants) |
            | memory tier limit | {MemoryLimitBytes / 1024 / 1024} MiB |
            | working set, empty app (warmed up) | {empty / 1024.0 / 1024:0.0} MiB |
            | working set after {pages} pages | {full / 1024.0 / 1024:0.0} MiB |
            | growth over the empty app | {(full - empty) / 1024.0 / 1024:0.0} MiB ({(full - empty) / (double)MemoryLimitBytes:0.00}x the memory tier limit) |
            | managed heap, empty app / after (after a full compacting GC) | {emptyHeap / 1024.0 / 1024:0.0} MiB / {fullHeap / 1024.0 / 1024:0.0} MiB |
            | GC mode | {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} |
            | random earlier pages answered HIT with the right bytes | {hits}/200 |
            """));

        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(options.CacheDirectory, recursive: true);
        }

        return hits == 200 ? 0 : 1;
    }

    private static string PagePath(int id) => string.Create(CultureInfo.InvariantCulture, $"/m/p{id}");

    private static long WorkingSet()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
