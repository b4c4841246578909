using System.Collections.Concurrent;
using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>Pre-rendering driven by traffic on the Redis store: the counts are shared, so they outlive every instance and build.</summary>
public sealed class RedisTrafficPrerenderTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private const int Pages = 40;

    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();
    private readonly ConcurrentQueue<string> _renders = new();

    public void Dispose() => _cache.Dispose();

    /// <summary>An instance with its own cache folder: only Redis carries the counts from one build to the next.</summary>
    private Task<TestApp> StartAsync(string build, int? busiest = null) => TestApp.StartAsync(
        (app, renders) => app.MapGet("/p/{id}", (string id, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                _renders.Enqueue(id);
                return Results.Content($"<p>{id} {build}</p>", "text/html");
            })
            .WithStaticParams(_ => Enumerable.Range(0, Pages).Select(i => new RouteValueDictionary { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })),
        Path.Combine(_cache.Path, build),
        options =>
        {
            options.BuildId = build;
            options.PrerenderParallelism = 1;
            options.PrerenderBusiestPages = busiest;
        },
        services: collection => collection.AddStaticParams().AddRedisStore(options =>
        {
            options.Configuration = redis.Server.Configuration;
            options.KeyPrefix = _prefix;
            options.InstanceName = build;
        }));

    /// <summary>The first build, then traffic: /p/37 the busiest, /p/33 next, the others never requested; stopping the instance sends its last hits.</summary>
    private async Task FirstBuildWithTrafficAsync()
    {
        await using (var app = await StartAsync("b1"))
        {
            await app.WaitUntilReadyAsync();
            for (var i = 0; i < 400; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/p/37")).StatusCode);
                if (i % 2 == 0)
                {
                    Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/p/33")).StatusCode);
                }
            }
        }

        _renders.Clear();
    }

    [Fact]
    public async Task After_a_new_build_the_pages_busiest_on_the_previous_instances_are_rendered_first()
    {
        await FirstBuildWithTrafficAsync();

        await using var app = await StartAsync("b2");
        await app.WaitUntilReadyAsync();

        // As on disk: one render at a time and eight pages in flight, so the 38th declared page starts among the first
        // half only if it was taken first.
        var order = _renders.ToList();
        Assert.Equal(Pages, order.Count);
        Assert.InRange(order.IndexOf("37"), 0, Pages / 2);
    }

    [Fact]
    public async Task PrerenderBusiestPages_renders_the_pages_busiest_on_the_previous_instances_and_the_others_on_first_request()
    {
        await FirstBuildWithTrafficAsync();

        await using var app = await StartAsync("b2", busiest: 2);
        await app.WaitUntilReadyAsync();

        Assert.Equal(["33", "37"], _renders.Order(StringComparer.Ordinal));
        Assert.Equal("HIT", (await app.Client.GetAsync("/p/37")).Cache());
        var other = await app.Client.GetAsync("/p/5");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("<p>5 b2</p>", await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_Redis_stopped_hits_are_served_and_counting_them_throws_nowhere()
    {
        await using var own = await RedisServer.StartAsync();
        await using var app = await RedisInstance.StartAsync("A", own.Configuration, _prefix, _cache);
        await app.WaitUntilReadyAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/s/a")).StatusCode);

        await own.KillAsync();
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/s/a")).StatusCode);
        }

        var traffic = app.Services.GetRequiredService<RedisPageTraffic>();
        await traffic.FlushAsync();
        await traffic.LoadHitsAsync(CancellationToken.None);
        Assert.Equal(0, traffic.HitsOf("/s/a"));
    }
}
