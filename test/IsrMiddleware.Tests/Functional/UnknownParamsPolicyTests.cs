using System.Diagnostics.Metrics;
using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace IsrMiddleware.Tests.Functional;

public sealed class UnknownParamsPolicyTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private static IEnumerable<RouteValueDictionary> Slugs(params string[] slugs) =>
        slugs.Select(slug => new RouteValueDictionary { ["slug"] = slug });

    private static void MapItems(WebApplication app, RenderCounter renders, UnknownParams policy, params string[] existing) =>
        app.MapGet("/items/{slug}", (string slug, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                if (context.IsStaticFallback())
                {
                    return Results.Content("<p>loading</p>", "text/html");
                }

                return existing.Contains(slug) || slug.StartsWith("new-", StringComparison.Ordinal)
                    ? Results.Content($"<h1>{slug}</h1>", "text/html")
                    : Results.NotFound();
            })
            .WithStaticParams(_ => Slugs(existing))
            .WithUnknownParams(policy);

    [Fact]
    public async Task Prerendered_pages_are_served_as_hits_without_rendering_on_the_request_path()
    {
        await using var app = await TestApp.StartAsync((a, r) => MapItems(a, r, UnknownParams.NotFound, "a", "b"), _cache.Path);
        await app.WaitUntilReadyAsync();
        var rendersAfterStartup = app.Renders.Total;

        var response = await app.Client.GetAsync("/items/a");

        Assert.Equal(2, rendersAfterStartup);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<h1>a</h1>", await response.Content.ReadAsStringAsync());
        Assert.Equal(rendersAfterStartup, app.Renders.Total);
    }

    [Fact]
    public async Task NotFound_policy_answers_404_without_running_the_endpoint()
    {
        await using var app = await TestApp.StartAsync((a, r) => MapItems(a, r, UnknownParams.NotFound, "a"), _cache.Path);
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync("/items/new-x");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, app.Renders.For("/items/new-x"));
    }

    [Fact]
    public async Task Blocking_policy_renders_stores_then_serves_from_cache()
    {
        await using var app = await TestApp.StartAsync((a, r) => MapItems(a, r, UnknownParams.Blocking, "a"), _cache.Path);
        await app.WaitUntilReadyAsync();

        var first = await app.Client.GetAsync("/items/new-x");
        var second = await app.Client.GetAsync("/items/new-x");

        Assert.Equal("MISS", first.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<h1>new-x</h1>", await first.Content.ReadAsStringAsync());
        Assert.Equal("HIT", second.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(1, app.Renders.For("/items/new-x"));
    }

    [Fact]
    public async Task Blocking_render_that_answers_404_is_not_stored()
    {
        await using var app = await TestApp.StartAsync((a, r) => MapItems(a, r, UnknownParams.Blocking, "a"), _cache.Path);
        await app.WaitUntilReadyAsync();

        var first = await app.Client.GetAsync("/items/missing");
        var second = await app.Client.GetAsync("/items/missing");

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.DoesNotContain(
            Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories),
            file => File.ReadAllText(file).Contains("/items/missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Key_longer_than_the_limit_is_404_without_rendering_or_storing()
    {
        await using var app = await TestApp.StartAsync(
            (a, r) => MapItems(a, r, UnknownParams.Blocking, "a"),
            _cache.Path,
            options => options.MaxKeyLength = 64);
        await app.WaitUntilReadyAsync();
        var longSlug = "new-" + new string('x', 80);
        var filesBefore = Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories).Count();

        var response = await app.Client.GetAsync("/items/" + longSlug);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, app.Renders.For("/items/" + longSlug));
        Assert.Equal(filesBefore, Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task One_render_serves_100_concurrent_misses()
    {
        var gate = new TaskCompletionSource();
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/slow/{slug}", async (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    await gate.Task;
                    return Results.Content($"<h1>{slug}</h1>", "text/html");
                })
                .WithStaticParams()
                .WithUnknownParams(UnknownParams.Blocking),
            _cache.Path);
        await app.WaitUntilReadyAsync();

        using var misses = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), IsrTelemetry.MeterName, "isr.requests");
        var requests = Enumerable.Range(0, 100).Select(_ => app.Client.GetAsync("/slow/one")).ToArray();

        // Every request counts its miss before it waits on the render: all 100 are waiting once 100 are counted.
        await WaitForAsync(() => misses.GetMeasurementSnapshot().Count(m => Equals(m.Tags["outcome"], "miss")) >= 100);
        gate.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, app.Renders.For("/slow/one"));
        Assert.Equal(1, app.Renders.Total);
    }

    [Fact]
    public async Task Fallback_policy_serves_the_shell_then_the_rendered_page()
    {
        await using var app = await TestApp.StartAsync((a, r) => MapItems(a, r, UnknownParams.Fallback, "a"), _cache.Path);
        await app.WaitUntilReadyAsync();

        var shell = await app.Client.GetAsync("/items/new-x");

        Assert.Equal("FALLBACK", shell.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>loading</p>", await shell.Content.ReadAsStringAsync());
        Assert.Equal("1", shell.Headers.GetValues("Refresh").Single());
        Assert.Equal("private, no-cache, no-store, max-age=0, must-revalidate", shell.Headers.NonValidated["Cache-Control"].ToString());

        var page = await PollAsync(app.Client, "/items/new-x", response => response.Headers.GetValues("X-Isr-Cache").Single() == "HIT");
        Assert.Equal("<h1>new-x</h1>", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_background_render_gives_back_its_on_demand_slot_when_it_ends()
    {
        // One on-demand render at a time: the second new page can only be rendered if the first one's slot came back.
        await using var app = await TestApp.StartAsync(
            (a, r) => MapItems(a, r, UnknownParams.Fallback, "a"), _cache.Path, options => options.MaxConcurrentOnDemandRenders = 1);
        await app.WaitUntilReadyAsync();

        var first = await app.Client.GetAsync("/items/new-1");
        await PollAsync(app.Client, "/items/new-1", response => response.Headers.GetValues("X-Isr-Cache").Single() == "HIT");
        var second = await app.Client.GetAsync("/items/new-2");
        var page = await PollAsync(app.Client, "/items/new-2", response => response.Headers.GetValues("X-Isr-Cache").Single() == "HIT");

        Assert.Equal("FALLBACK", first.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("FALLBACK", second.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<h1>new-2</h1>", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Fallback_route_answers_404_once_the_background_render_finds_nothing()
    {
        await using var app = await TestApp.StartAsync((a, r) => MapItems(a, r, UnknownParams.Fallback, "a"), _cache.Path);
        await app.WaitUntilReadyAsync();

        var shell = await app.Client.GetAsync("/items/missing");
        Assert.Equal("FALLBACK", shell.Headers.GetValues("X-Isr-Cache").Single());

        var final = await PollAsync(app.Client, "/items/missing", response => response.StatusCode == HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, final.StatusCode);
    }

    [Fact]
    public async Task Crawlers_get_a_blocking_render_instead_of_the_shell()
    {
        await using var app = await TestApp.StartAsync((a, r) => MapItems(a, r, UnknownParams.Fallback, "a"), _cache.Path);
        await app.WaitUntilReadyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items/new-bot");
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        var response = await app.Client.SendAsync(request);

        Assert.Equal("MISS", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<h1>new-bot</h1>", await response.Content.ReadAsStringAsync());
    }

    internal static async Task<HttpResponseMessage> PollAsync(HttpClient client, string path, Func<HttpResponseMessage, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var response = await client.GetAsync(path);
            if (done(response) || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(20);
        }
    }

    internal static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Delay(10);
        }
    }

    public void Dispose() => _cache.Dispose();
}
