using System.Collections.Concurrent;
using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Prerendering;

/// <summary>A NotFound route learns of new and vanished params while running, without a restart.</summary>
public sealed class DeclaredSetRefreshTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly ConcurrentDictionary<string, byte> _posts = new(StringComparer.Ordinal) { ["first"] = 0, ["second"] = 0 };

    [Fact]
    public async Task A_revalidation_of_a_tag_the_route_carries_declares_new_params_and_drops_vanished_ones()
    {
        await using var app = await TestApp.StartAsync(MapPosts, _cache.Path);
        await app.WaitUntilReadyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/posts/third")).StatusCode);

        _posts["third"] = 0;
        _posts.TryRemove("first", out _);
        await app.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("posts");

        await UntilAsync(app, "/posts/third", HttpStatusCode.OK);
        await UntilAsync(app, "/posts/first", HttpStatusCode.NotFound);
        var third = await app.Client.GetAsync("/posts/third");
        Assert.Equal("HIT", third.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/posts/second")).StatusCode);
    }

    [Fact]
    public async Task A_route_target_refreshes_that_route_and_an_unknown_pattern_is_reported_as_no_route()
    {
        await using var app = await TestApp.StartAsync(MapPosts, _cache.Path);
        await app.WaitUntilReadyAsync();

        _posts["fourth"] = 0;
        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync(
            [RevalidationTarget.Route("/posts/{slug}"), RevalidationTarget.Route("/nothing/{here}")]);

        await UntilAsync(app, "/posts/fourth", HttpStatusCode.OK);
        Assert.Equal([new PageRevalidation("/nothing/{here}", RevalidationOutcome.NoRoute)], report.Pages);
        Assert.Empty(report.Targets[0].Pages);
    }

    [Fact]
    public async Task The_revalidation_endpoint_takes_a_route_target()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) =>
            {
                MapPosts(a, renders);
                a.MapRevalidateEndpoint("/api/revalidate");
            },
            _cache.Path,
            options => options.RevalidateSecret = "refresh-secret");
        await app.WaitUntilReadyAsync();
        _posts["eighth"] = 0;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/revalidate?route=" + Uri.EscapeDataString("/posts/{slug}"));
        request.Headers.Add("X-Revalidate-Secret", "refresh-secret");
        using var response = await app.Client.SendAsync(request);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var target = Assert.Single(json.RootElement.GetProperty("targets").EnumerateArray());
        Assert.Equal("route", target.GetProperty("kind").GetString());
        Assert.Equal("/posts/{slug}", target.GetProperty("value").GetString());
        await UntilAsync(app, "/posts/eighth", HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_an_interval_the_declared_set_is_refreshed_on_the_timer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var app = await TestApp.StartAsync(
            MapPosts, _cache.Path, options => options.DeclaredSetRefreshInterval = TimeSpan.FromMinutes(5), services => services.AddSingleton<TimeProvider>(time));
        await app.WaitUntilReadyAsync();
        _posts["fifth"] = 0;
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/posts/fifth")).StatusCode);

        time.Advance(TimeSpan.FromMinutes(5));

        await UntilAsync(app, "/posts/fifth", HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_revalidation_or_an_interval_the_declared_set_stays_as_started()
    {
        await using var app = await TestApp.StartAsync(MapPosts, _cache.Path);
        await app.WaitUntilReadyAsync();
        _posts["sixth"] = 0;

        await app.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("unrelated");
        await app.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/posts/first");

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/posts/sixth")).StatusCode);
    }

    [Fact]
    public async Task A_route_revalidated_on_one_instance_is_refreshed_on_every_instance_sharing_Redis()
    {
        await using var redis = await RedisServer.StartAsync();
        var prefix = "refresh-" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var a = await RedisInstance.StartAsync("A", redis.Configuration, prefix, _cache, endpoints: app => MapPosts(app, new RenderCounter()));
        await using var b = await RedisInstance.StartAsync("B", redis.Configuration, prefix, _cache, endpoints: app => MapPosts(app, new RenderCounter()));
        await a.WaitUntilReadyAsync();
        await b.WaitUntilReadyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.GetAsync("/posts/seventh")).StatusCode);

        _posts["seventh"] = 0;
        _posts.TryRemove("second", out _);
        await a.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync([RevalidationTarget.Route("/posts/{slug}")]);

        await UntilAsync(b, "/posts/seventh", HttpStatusCode.OK);
        await UntilAsync(b, "/posts/second", HttpStatusCode.NotFound);
    }

    public void Dispose() => _cache.Dispose();

    private void MapPosts(WebApplication app, RenderCounter renders) =>
        app.MapGet("/posts/{slug}", (string slug, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return _posts.ContainsKey(slug) ? Results.Content($"<h1>{slug}</h1>", "text/html") : Results.NotFound();
            })
            .WithStaticParams(_ => _posts.Keys.Select(slug => new RouteValueDictionary { ["slug"] = slug }))
            .WithCacheTags("posts");

    private static Task UntilAsync(TestApp app, string path, HttpStatusCode status) =>
        RedisWaits.UntilAsync($"{path} answers {(int)status}", async () => (await app.Client.GetAsync(path)).StatusCode == status);
}
