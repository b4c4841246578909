using IsrMiddleware.Tests.Infrastructure;
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

            var samples = await RedisScenarios.SamplePathPropagationAsync(apps[0], apps[1]);
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
}
