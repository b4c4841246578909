using System.Diagnostics;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Redis;

/// <summary>The two-instance scenarios run against a single redis-server and against the cluster alike.</summary>
internal static class RedisScenarios
{
    /// <summary>
    /// Sends <paramref name="count"/> concurrent requests for a new gated page, alternating between the instances, and
    /// releases the render once the other instance has been refused the lease; returns the responses.
    /// </summary>
    public static async Task<HttpResponseMessage[]> RequestConcurrentlyAsync(TestApp a, TestApp b, TaskCompletionSource gate, int count, string path)
    {
        using var aWaits = new LeaseWaits(a);
        using var bWaits = new LeaseWaits(b);
        var requests = Enumerable.Range(0, count).Select(i => (i % 2 == 0 ? a : b).Client.GetAsync(path)).ToList();

        // Released only once the other instance has tried to render and been refused the lease.
        await LeaseWaits.UntilOneRendersAndTheOtherWaitsAsync(a, aWaits, b, bWaits, path);
        gate.SetResult();
        return await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Revalidates <c>/s/a</c> on <paramref name="from"/> up to 30 times (90 s at most), timing each until
    /// <paramref name="to"/> answers <c>STALE</c>; returns the times in milliseconds, sorted.
    /// </summary>
    public static async Task<List<double>> SamplePathPropagationAsync(TestApp from, TestApp to)
    {
        var revalidator = from.Services.GetRequiredService<IPageRevalidator>();
        var samples = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 30 && clock.Elapsed < TimeSpan.FromSeconds(90); round++)
        {
            Assert.Equal("HIT", await PollAsync(to, cache => cache == "HIT"));
            var started = Stopwatch.GetTimestamp();
            await revalidator.RevalidatePathAsync("/s/a");
            Assert.Equal("STALE", await PollAsync(to, cache => cache != "HIT"));
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        samples.Sort();
        return samples;
    }

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
