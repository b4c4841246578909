using System.Collections.Concurrent;
using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Prerendering;

/// <summary>Pre-rendering driven by traffic: the disk store keeps a decayed hit count per page across restarts.</summary>
public sealed class TrafficPrerenderTests : IDisposable
{
    private const int Pages = 40;

    private readonly TempDirectory _cache = new();
    private readonly ConcurrentQueue<string> _renders = new();
    private readonly ConcurrentQueue<DateTimeOffset> _renderedAt = new();

    public void Dispose() => _cache.Dispose();

    private Task<TestApp> StartAsync(string build, int? busiest = null, double? rate = null, TimeProvider? time = null) => TestApp.StartAsync(
        (app, renders) => app.MapGet("/p/{id}", (string id, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                _renders.Enqueue(id);
                _renderedAt.Enqueue((time ?? TimeProvider.System).GetUtcNow());
                return Results.Content($"<p>{id} {build}</p>", "text/html");
            })
            .WithStaticParams(_ => Enumerable.Range(0, Pages).Select(i => new RouteValueDictionary { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })),
        _cache.Path,
        options =>
        {
            options.BuildId = build;
            options.PrerenderParallelism = 1;
            options.PrerenderBusiestPages = busiest;
            options.BackgroundPrerenderPagesPerSecond = rate;
        },
        services => services.AddSingleton(time ?? TimeProvider.System));

    /// <summary>The first build, then traffic: /p/37 the busiest, /p/33 next, the others never requested.</summary>
    private async Task FirstBuildWithTrafficAsync()
    {
        await using var app = await StartAsync("b1");
        await app.WaitUntilReadyAsync();
        for (var i = 0; i < 400; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/p/37")).StatusCode);
            if (i % 2 == 0)
            {
                Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/p/33")).StatusCode);
            }
        }

        _renders.Clear();
        _renderedAt.Clear();
    }

    [Fact]
    public async Task After_a_new_build_the_busiest_pages_are_rendered_first()
    {
        await FirstBuildWithTrafficAsync();

        await using var app = await StartAsync("b2");
        await app.WaitUntilReadyAsync();

        // With one render at a time and eight pages in flight, the 38th declared page could not start before 30 others
        // had been rendered unless it was taken first. (The next ones taken wait for the render slot in no fixed order,
        // so only the busiest is checked here; the N-busiest test checks the set.)
        var order = _renders.ToList();
        Assert.Equal(Pages, order.Count);
        Assert.InRange(order.IndexOf("37"), 0, Pages / 2);
    }

    [Fact]
    public async Task PrerenderBusiestPages_renders_only_the_busiest_at_start_up_and_the_others_on_first_request()
    {
        await FirstBuildWithTrafficAsync();

        await using var app = await StartAsync("b2", busiest: 2);
        await app.WaitUntilReadyAsync();

        Assert.Equal(["33", "37"], _renders.Order(StringComparer.Ordinal));
        Assert.Equal("HIT", (await app.Client.GetAsync("/p/37")).Headers.GetValues("X-Isr-Cache").Single());
        var other = await app.Client.GetAsync("/p/5");
        Assert.Equal("STALE", other.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>5 b1</p>", await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_pages_left_over_render_in_the_background_busiest_first_at_the_rate_given_until_the_host_stops()
    {
        await FirstBuildWithTrafficAsync();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());

        var app = await StartAsync("b2", busiest: 1, rate: 0.5, time);
        await app.WaitUntilReadyAsync();

        // The busiest at start-up, then at once the next busiest; the one after only once two seconds of the clock have
        // passed: a render that did not wait would carry the same clock reading as the one before it.
        await WaitForRendersAsync(2);
        Assert.Equal(["37", "33"], _renders.ToArray());
        var second = _renderedAt.ToArray()[1];
        time.Advance(TimeSpan.FromSeconds(2));
        await WaitForRendersAsync(3);
        Assert.Equal("0", _renders.ToArray()[2]);
        Assert.True(_renderedAt.ToArray()[2] - second >= TimeSpan.FromSeconds(2), $"rendered {_renderedAt.ToArray()[2] - second} after the one before");
        Assert.Equal("HIT", (await app.Client.GetAsync("/p/0")).Headers.GetValues("X-Isr-Cache").Single());

        // Stopping the host ends the loop (the host waits for it, bounded here): no render comes after, however far the clock goes.
        await app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, _renders.Count);
    }

    private async Task WaitForRendersAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_renders.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{_renders.Count} renders, expected {count}");
            await Task.Delay(10);
        }
    }
}
