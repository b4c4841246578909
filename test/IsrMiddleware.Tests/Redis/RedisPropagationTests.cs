using System.Diagnostics;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IsrMiddleware.Tests.Redis;

/// <summary>The figures of BENCHMARKS.md's Redis section: renders per page across instances, propagation p50/p99.</summary>
public sealed class RedisPropagationTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Three_instances_starting_together_render_each_page_once_and_revalidations_reach_the_others()
    {
        var starting = new[] { "A", "B", "C" }.Select(name => RedisInstance.StartAsync(name, redis.Server.Configuration, _prefix, _cache)).ToList();
        var apps = await Task.WhenAll(starting);
        try
        {
            await Task.WhenAll(apps.Select(app => app.WaitUntilReadyAsync()));
            var renders = apps.Sum(app => app.Renders.Total);
            output.WriteLine($"pre-render of 2 pages by 3 instances started together: {renders} renders ({string.Join(", ", apps.Select(app => app.Renders.Total))})");
            Assert.Equal(2, renders);

            var (a, b) = (apps[0], apps[1]);
            var revalidator = a.Services.GetRequiredService<IPageRevalidator>();
            var samples = new List<double>();
            var clock = Stopwatch.StartNew();
            for (var round = 0; round < 30 && clock.Elapsed < TimeSpan.FromSeconds(90); round++)
            {
                Assert.Equal("HIT", await PollAsync(b, cache => cache == "HIT"));
                var started = Stopwatch.GetTimestamp();
                await revalidator.RevalidatePathAsync("/s/a");
                Assert.Equal("STALE", await PollAsync(b, cache => cache != "HIT"));
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            samples.Sort();
            output.WriteLine($"revalidation on A seen on B: n={samples.Count} p50={Percentile(samples, 0.5):F2} ms p99={Percentile(samples, 0.99):F2} ms max={samples[^1]:F2} ms");
            Assert.True(samples.Count >= 10);
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<string> PollAsync(TestApp app, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var cache = "";
        for (var i = 0; i < 100_000 && DateTime.UtcNow < deadline; i++)
        {
            cache = (await app.Client.GetAsync("/s/a")).Cache();
            if (until(cache))
            {
                return cache;
            }
        }

        return cache;
    }
}
