using System.Diagnostics;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Engine;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>Two app instances sharing a three-master Redis Cluster (the connection string lists the masters).</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterModeInstanceTests(RedisClusterFixture redis, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    private Task<TestApp> StartAsync(string name, TaskCompletionSource? gate = null) =>
        RedisInstance.StartAsync(name, redis.Cluster.Configuration, _prefix, _cache, renderGate: gate);

    [Fact]
    public async Task A_page_rendered_on_one_instance_is_served_by_another_without_a_render()
    {
        await using var a = await StartAsync("A");
        await a.WaitUntilReadyAsync();
        Assert.Equal(2, a.Renders.Total);
        await using var b = await StartAsync("B");
        await b.WaitUntilReadyAsync();
        Assert.Equal(0, b.Renders.Total);

        var declared = await b.Client.GetAsync("/s/b");
        Assert.Equal("HIT", declared.Cache());
        Assert.Contains("by A", await declared.Content.ReadAsStringAsync());

        Assert.Equal("MISS", (await a.Client.GetAsync("/s/on-demand")).Cache());
        var onB = await b.Client.GetAsync("/s/on-demand");
        Assert.Equal("HIT", onB.Cache());
        Assert.Contains("by A", await onB.Content.ReadAsStringAsync());
        Assert.Equal(0, b.Renders.Total);
    }

    [Fact]
    public async Task A_tag_revalidation_on_one_instance_makes_pages_on_several_slots_stale_on_another()
    {
        await using var a = await StartAsync("A");
        await a.WaitUntilReadyAsync();
        await using var b = await StartAsync("B");
        await b.WaitUntilReadyAsync();

        // The tag's pages live in different slots (so the tag index spans them); its record lives with the sequence.
        var keys = new RedisKeys(_prefix, "b1");
        using var slots = await ClusterSlotMap.ReadAsync(redis.Cluster.Configuration);
        Assert.NotEqual(slots.Slot(keys.Page("/s/a")), slots.Slot(keys.Page("/s/b")));
        output.WriteLine($"/s/a on master {slots.MasterOf(keys.Page("/s/a"))}, /s/b on {slots.MasterOf(keys.Page("/s/b"))}, tag index on {slots.MasterOf(keys.TagIndex("s"))}, invalidations on {slots.MasterOf(keys.Invalidations)}");
        foreach (var path in new[] { "/s/a", "/s/b" })
        {
            Assert.Equal("HIT", (await b.Client.GetAsync(path)).Cache());
        }

        var clock = Stopwatch.StartNew();
        await a.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("s");
        var recorded = clock.Elapsed;

        foreach (var path in new[] { "/s/a", "/s/b" })
        {
            var seen = "HIT";
            for (var attempt = 0; attempt < 2000 && seen == "HIT" && clock.Elapsed < TimeSpan.FromSeconds(20); attempt++)
            {
                seen = (await b.Client.GetAsync(path)).Cache();
                if (seen == "HIT")
                {
                    await Task.Delay(5);
                }
            }

            output.WriteLine($"tag revalidation on the cluster: recorded on A after {recorded.TotalMilliseconds:F1} ms, {path} stale on B after {clock.Elapsed.TotalMilliseconds:F1} ms");
            Assert.Equal("STALE", seen);
        }
    }

    [Fact]
    public async Task Forty_concurrent_requests_across_two_instances_for_a_new_page_render_it_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await StartAsync("A", gate);
        await a.WaitUntilReadyAsync();
        await using var b = await StartAsync("B", gate);
        await b.WaitUntilReadyAsync();

        var responses = await RedisScenarios.RequestConcurrentlyAsync(a, b, gate, 40, "/s/slow-cluster");
        int Renders() => a.Renders.For("/s/slow-cluster") + b.Renders.For("/s/slow-cluster");

        Assert.All(responses, response => Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString()));
        output.WriteLine($"renders of one new page for 40 requests over two instances on the cluster: {Renders()} (A {a.Renders.For("/s/slow-cluster")}, B {b.Renders.For("/s/slow-cluster")})");
        Assert.Equal(1, Renders());
        var bodies = await Task.WhenAll(responses.Select(response => response.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task Path_revalidations_on_one_instance_reach_another_over_the_cluster()
    {
        await using var a = await StartAsync("A");
        await a.WaitUntilReadyAsync();
        await using var b = await StartAsync("B");
        await b.WaitUntilReadyAsync();
        var samples = await RedisScenarios.SamplePathPropagationAsync(a, b);
        output.WriteLine($"path revalidation on A seen on B over the cluster: n={samples.Count} p50={samples[samples.Count / 2]:F2} ms max={samples[^1]:F2} ms");
        Assert.True(samples.Count >= 10, $"{samples.Count} rounds in 90 s");
    }
}
