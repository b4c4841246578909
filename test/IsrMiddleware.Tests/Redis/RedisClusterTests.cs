using System.Diagnostics;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IsrMiddleware.Tests.Redis;

public sealed class RedisClusterTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    private Task<TestApp> StartAsync(string name, string buildId = "b1", TimeProvider? clock = null, TaskCompletionSource? gate = null) =>
        RedisInstance.StartAsync(name, redis.Server.Configuration, _prefix, _cache, buildId, clock, gate);

    [Fact]
    public async Task A_page_rendered_on_one_instance_is_served_by_another_without_a_render()
    {
        await using var a = await StartAsync("A");
        await a.WaitUntilReadyAsync();
        Assert.Equal(2, a.Renders.Total);

        await using var b = await StartAsync("B");
        await b.WaitUntilReadyAsync();
        Assert.Equal(0, b.Renders.Total);

        var response = await b.Client.GetAsync("/s/a");
        Assert.Equal("HIT", response.Cache());
        Assert.Contains("by A", await response.Content.ReadAsStringAsync());

        // An on-demand page rendered on B is a hit on A.
        Assert.Equal("MISS", (await b.Client.GetAsync("/s/fresh")).Cache());
        var onA = await a.Client.GetAsync("/s/fresh");
        Assert.Equal("HIT", onA.Cache());
        Assert.Contains("by B", await onA.Content.ReadAsStringAsync());
        Assert.Equal(0, a.Renders.For("/s/fresh"));
        Assert.Equal(1, b.Renders.Total);
    }

    [Fact]
    public async Task A_tag_revalidation_on_one_instance_reaches_the_memory_tier_of_another()
    {
        await using var a = await StartAsync("A");
        await a.WaitUntilReadyAsync();
        await using var b = await StartAsync("B");
        await b.WaitUntilReadyAsync();
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/a")).Cache());
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/a")).Cache());

        var clock = Stopwatch.StartNew();
        await a.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("s");
        var recorded = clock.Elapsed;

        string seen = "HIT";
        for (var attempt = 0; attempt < 2000 && seen == "HIT" && clock.Elapsed < TimeSpan.FromSeconds(20); attempt++)
        {
            seen = (await b.Client.GetAsync("/s/a")).Cache();
            if (seen == "HIT")
            {
                await Task.Delay(5);
            }
        }

        var propagated = clock.Elapsed;
        output.WriteLine($"tag revalidation: recorded on A after {recorded.TotalMilliseconds:F1} ms, seen stale on B after {propagated.TotalMilliseconds:F1} ms");
        Assert.Equal("STALE", seen);
    }

    [Fact]
    public async Task Sixty_concurrent_requests_across_two_instances_for_a_new_page_render_it_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await StartAsync("A", gate: gate);
        await a.WaitUntilReadyAsync();
        await using var b = await StartAsync("B", gate: gate);
        await b.WaitUntilReadyAsync();

        var responses = await RedisScenarios.RequestConcurrentlyAsync(a, b, gate, 60, "/s/slow-new");

        Assert.All(responses, response => Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString()));
        var renders = a.Renders.For("/s/slow-new") + b.Renders.For("/s/slow-new");
        output.WriteLine($"renders of one new page for 60 requests over two instances: {renders} (A {a.Renders.For("/s/slow-new")}, B {b.Renders.For("/s/slow-new")})");
        Assert.Equal(1, renders);
        var bodies = await Task.WhenAll(responses.Select(response => response.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task During_a_rolling_deploy_each_build_serves_its_own_pages_and_neither_re_renders_the_others()
    {
        await using var a = await StartAsync("A", buildId: "b1");
        await a.WaitUntilReadyAsync();
        Assert.Equal("MISS", (await a.Client.GetAsync("/s/old")).Cache());

        await using var b = await StartAsync("B", buildId: "b2");
        await b.WaitUntilReadyAsync();
        Assert.Equal(2, b.Renders.Total);
        var rendersOnA = a.Renders.Total;

        foreach (var path in new[] { "/s/a", "/s/b", "/s/old" })
        {
            for (var i = 0; i < 10; i++)
            {
                var response = await b.Client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode);
                if (response.Cache() == "HIT")
                {
                    Assert.Contains("build b2", body);
                }

                var old = await a.Client.GetAsync(path);
                Assert.Equal("HIT", old.Cache());
                Assert.Contains("build b1", await old.Content.ReadAsStringAsync());
            }
        }

        // Each build keeps its own keys: the old build never re-renders what the new one stored, and the new build
        // renders the on-demand page once for itself.
        Assert.Equal(rendersOnA, a.Renders.Total);
        Assert.Equal(3, b.Renders.Total);

        // Invalidations are shared by both builds.
        await b.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/s/a");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var seen = "HIT";
        for (var i = 0; i < 1000 && seen == "HIT" && DateTime.UtcNow < deadline; i++)
        {
            seen = (await a.Client.GetAsync("/s/a")).Cache();
        }

        Assert.Equal("STALE", seen);
    }

    [Fact]
    public async Task Instances_whose_clocks_differ_by_hours_lose_no_invalidation()
    {
        // A runs three hours ahead and renders; B, three hours behind, invalidates afterwards.
        await using var a = await StartAsync("A", clock: new OffsetClock(TimeSpan.FromHours(3)));
        await a.WaitUntilReadyAsync();
        await using var b = await StartAsync("B", clock: new OffsetClock(TimeSpan.FromHours(-3)));
        await b.WaitUntilReadyAsync();
        var before = await a.Client.GetAsync("/s/a");
        Assert.Equal("HIT", before.Cache());
        var old = await before.Content.ReadAsStringAsync();

        await b.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/s/a");

        // By either clock the page was rendered after the invalidation; by Redis's order it was not: never a hit on
        // the old render, and the regeneration (started after the invalidation) is fresh on both.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var freshOn = new HashSet<string>();
        for (var i = 0; freshOn.Count < 2 && DateTime.UtcNow < deadline; i++)
        {
            var (name, app) = i % 2 == 0 ? ("A", a) : ("B", b);
            var response = await app.Client.GetAsync("/s/a");
            var body = await response.Content.ReadAsStringAsync();
            if (response.Cache() == "HIT")
            {
                Assert.NotEqual(old, body);
                freshOn.Add(name);
            }
            else
            {
                await Task.Delay(20);
            }
        }

        Assert.Equal(2, freshOn.Count);
    }
}
