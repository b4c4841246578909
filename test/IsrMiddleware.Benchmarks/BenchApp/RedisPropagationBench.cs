using System.Diagnostics;
using System.Globalization;
using IsrMiddleware.Benchmarks.Infrastructure;
using Microsoft.AspNetCore.Routing;
using IsrMiddleware.Engine;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// N instances (2, 3, 4) in this process, each a Kestrel host on 127.0.0.1 with its own cache folder, sharing one
/// redis-server that this mode starts on a free port and kills at the end. For each N: renders per page when the
/// instances start together, renders per new page when 60 concurrent requests reach it across the instances, and the
/// time a path and a tag revalidation made on the first instance takes to reach the last one.
/// </summary>
/// <remarks>
/// <para>
/// The site: <c>/d/{id}</c> declares <see cref="DeclaredPages"/> trivial pages with tag <c>d</c>; <c>/n/{id}</c>
/// renders unknown ids blocking and takes <see cref="NewPageRender"/> (so every request of the 60 arrives while the
/// first render runs). Each instance counts its own renders.
/// </para>
/// <para>
/// A propagation sample: wait until the last instance answers <c>HIT</c> for <c>/d/0</c>; start the clock; revalidate
/// (lazily) on the first instance; poll the last one over HTTP until it answers anything but <c>HIT</c>. So a sample
/// includes recording the invalidation in Redis, the pub/sub message, and one HTTP round trip of polling resolution.
/// The samples per kind are the mode's argument, bounded by <see cref="SamplingLimit"/>.
/// </para>
/// </remarks>
internal static class RedisPropagationBench
{
    internal const int DeclaredPages = 20;
    private const int NewPages = 5;
    private const int ConcurrentRequests = 60;
    internal static readonly TimeSpan NewPageRender = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SamplingLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var samples = Math.Max(1, options.Pages);
        await using var redis = await RedisProcess.StartAsync().ConfigureAwait(false);
        Console.WriteLine($"Redis propagation benchmark: redis-server on {redis.Configuration}, {samples} samples per kind (at most {SamplingLimit.TotalSeconds:0} s each)");
        Console.WriteLine($"| instances | renders per page, starting together ({DeclaredPages} pages) | renders per new page, {ConcurrentRequests} concurrent requests ({NewPages} pages) | path: samples, p50, p99, max | tag: samples, p50, p99, max |");
        Console.WriteLine("|---:|---:|---:|---|---|");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var count in new[] { 2, 3, 4 })
        {
            await RunClusterAsync(count, samples, redis.Configuration, options.CacheDirectory, client).ConfigureAwait(false);
        }

        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(options.CacheDirectory, recursive: true);
        }

        return 0;
    }

    private static async Task RunClusterAsync(int count, int samples, string redis, string cacheDirectory, HttpClient client)
    {
        var instances = Enumerable.Range(0, count)
            .Select(index => RedisBenchInstance.Build(index, redis, $"bench{count}:", Path.Combine(cacheDirectory, $"n{count}", $"i{index}")))
            .ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(instances.Select(instance => instance.App.StartAsync())).ConfigureAwait(false);
            await Task.WhenAll(instances.Select(instance => Readiness.WaitAsync(client, instance.Port, clock, ReadyLimit))).ConfigureAwait(false);
            var atStart = instances.Sum(instance => instance.Renders.Total) / (double)DeclaredPages;

            var newPageRenders = new List<int>();
            for (var page = 0; page < NewPages; page++)
            {
                var newPage = $"/n/{page}";
                var responses = await Task.WhenAll(Enumerable.Range(0, ConcurrentRequests)
                    .Select(i => client.GetAsync(instances[i % count].Url(newPage)))).ConfigureAwait(false);
                foreach (var response in responses)
                {
                    response.EnsureSuccessStatusCode();
                    response.Dispose();
                }

                newPageRenders.Add(instances.Sum(instance => instance.Renders.For(newPage)));
            }

            var (first, last) = (instances[0], instances[^1]);
            var revalidator = first.App.Services.GetRequiredService<IPageRevalidator>();
            var byPath = await SampleAsync(samples, client, last, () => revalidator.RevalidatePathAsync("/d/0")).ConfigureAwait(false);
            var byTag = await SampleAsync(samples, client, last, () => revalidator.RevalidateTagAsync("d")).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count} | {atStart:0.00} | {newPageRenders.Average():0.00} (max {newPageRenders.Max()}) | {Describe(byPath)} | {Describe(byTag)} |"));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.App.StopAsync().ConfigureAwait(false);
                await instance.App.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Milliseconds from the start of each revalidation until <paramref name="target"/> stops answering HIT.</summary>
    private static async Task<List<double>> SampleAsync(int samples, HttpClient client, RedisBenchInstance target, Func<Task> revalidate)
    {
        var url = target.Url("/d/0");
        var times = new List<double>(samples);
        var clock = Stopwatch.StartNew();
        while (times.Count < samples && clock.Elapsed < SamplingLimit)
        {
            if (await PollAsync(client, url, hit: true).ConfigureAwait(false) is null)
            {
                throw new TimeoutException($"{url} did not answer HIT within {PollLimit}.");
            }

            var started = Stopwatch.GetTimestamp();
            await revalidate().ConfigureAwait(false);
            if (await PollAsync(client, url, hit: false).ConfigureAwait(false) is null)
            {
                throw new TimeoutException($"{url} still answered HIT {PollLimit} after a revalidation.");
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    /// <summary>Polls until the answer is (or is not) a HIT; returns the X-Isr-Cache value, or null past the limit.</summary>
    private static async Task<string?> PollAsync(HttpClient client, Uri url, bool hit)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 1_000_000 && clock.Elapsed < PollLimit; attempt++)
        {
            using var response = await client.GetAsync(url).ConfigureAwait(false);
            var cache = response.Headers.TryGetValues("X-Isr-Cache", out var values) ? values.FirstOrDefault() : null;
            if ((cache == "HIT") == hit)
            {
                return cache ?? "";
            }
        }

        return null;
    }

    private static string Describe(List<double> sorted) => sorted.Count == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture,
            $"{sorted.Count}, {Percentile(sorted, 0.50):0.00} ms, {Percentile(sorted, 0.99):0.00} ms, {sorted[^1]:0.00} ms");

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
