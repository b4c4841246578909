using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Tests.Freshness;

/// <summary>At each start the build and the declared set are the truth, whatever the cache folder holds.</summary>
public sealed class StartupTruthTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly VersionedBackend _backend = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_new_build_serves_the_old_pages_only_as_stale_and_renders_every_declared_page_again()
    {
        await using (var first = await _backend.StartAsync(_cache.Path, configure: options => options.BuildId = "build-1"))
        {
            await first.WaitUntilReadyAsync();
            Assert.Equal(2, first.Renders.Total);
        }

        _backend.Version = "v2";
        _backend.Close();
        await using var second = await _backend.StartAsync(_cache.Path, configure: options => options.BuildId = "build-2");

        var during = await second.Client.GetAsync("/v/a");
        Assert.Equal("STALE", during.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v1</p>", await during.Content.ReadAsStringAsync());
        Assert.StartsWith("s-maxage=0", during.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        _backend.Open();
        await second.WaitUntilReadyAsync();
        foreach (var slug in new[] { "a", "b" })
        {
            var response = await second.Client.GetAsync($"/v/{slug}");
            Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
            Assert.Equal($"<p>{slug} v2</p>", await response.Content.ReadAsStringAsync());
            Assert.Equal("build-2", (await second.Services.GetPageAsync($"/v/{slug}"))!.BuildId);
        }

        Assert.Equal(2, second.Renders.Total);
    }

    [Fact]
    public async Task The_same_build_restarted_renders_nothing()
    {
        await using (var first = await _backend.StartAsync(_cache.Path, configure: options => options.BuildId = "build-1"))
        {
            await first.WaitUntilReadyAsync();
        }

        await using var second = await _backend.StartAsync(_cache.Path, configure: options => options.BuildId = "build-1");
        await second.WaitUntilReadyAsync();

        Assert.Equal(0, second.Renders.Total);
        Assert.Equal("HIT", (await second.Client.GetAsync("/v/b")).Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task A_page_its_provider_no_longer_declares_answers_404_after_a_restart()
    {
        _backend.Slugs = ["a", "b", "c"];
        await using (var first = await _backend.StartAsync(_cache.Path))
        {
            await first.WaitUntilReadyAsync();
            Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/v/c")).StatusCode);
        }

        _backend.Slugs = ["a", "b"];
        await using var second = await _backend.StartAsync(_cache.Path);
        await second.WaitUntilReadyAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await second.Client.GetAsync("/v/c")).StatusCode);
        Assert.Null(await second.Services.GetPageAsync("/v/c"));
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/v/a")).StatusCode);
        Assert.Equal(0, second.Renders.For("/v/c"));
    }

    [Fact]
    public async Task Two_static_routes_declaring_one_page_stop_start_up_naming_both()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            (app, _) =>
            {
                app.MapGet("/docs/intro", () => Results.Content("literal", "text/html")).WithStaticParams(_ => [new RouteValueDictionary()]);
                app.MapGet("/docs/{page}", (string page) => Results.Content(page, "text/html"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["page"] = "intro" }]);
            },
            _cache.Path));

        Assert.Contains("'/docs/intro'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'/docs/{page}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_provider_with_pages_of_this_build_stored_starts_with_them_and_recovers_in_the_background()
    {
        await using (var first = await _backend.StartAsync(_cache.Path))
        {
            await first.WaitUntilReadyAsync();
        }

        _backend.ProviderFails = true;
        await using var second = await _backend.StartAsync(_cache.Path);
        await second.WaitUntilSettledAsync();

        var served = await second.Client.GetAsync("/v/a");
        Assert.Equal("HIT", served.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v1</p>", await served.Content.ReadAsStringAsync());
        var error = Assert.Single(_backend.Logs.Collector.GetSnapshot(), entry => entry.Id.Id == 106);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("/v/{slug}", error.Message, StringComparison.Ordinal);

        // The provider answers again: the retry (after its backoff, on the fake clock) declares the pages it returns now.
        _backend.ProviderFails = false;
        _backend.Slugs = ["a", "b", "new"];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!_backend.Logs.Collector.GetSnapshot().Any(entry => entry.Id.Id == 108))
        {
            Assert.True(DateTime.UtcNow < deadline, "The provider was not retried within 15 s.");
            _backend.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(20);
        }

        await second.Services.WaitForIdleAsync();
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/v/new")).StatusCode);
    }

    [Fact]
    public async Task A_failing_provider_with_nothing_stored_fails_start_up()
    {
        _backend.ProviderFails = true;

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => _backend.StartAsync(_cache.Path));

        Assert.Contains("/v/{slug}", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Route_expire_not_longer_than_revalidate_stops_start_up()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/e/{id}", (string id) => id)
                .WithStaticParams(_ => [new RouteValueDictionary { ["id"] = "1" }])
                .WithRevalidate(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)),
            _cache.Path));

        Assert.Contains("/e/{id}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_expire_sets_the_stale_window_and_ends_serving()
    {
        await using var app = await TestApp.StartAsync(
            (app, renders) => app.MapGet("/e/{id}", (string id, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Content(id, "text/html");
                })
                .WithStaticParams(_ => [new RouteValueDictionary { ["id"] = "1" }])
                .WithRevalidate(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(600)),
            _cache.Path,
            services: services => services.AddSingleton<TimeProvider>(_backend.Time));
        await app.WaitUntilReadyAsync();

        var hit = await app.Client.GetAsync("/e/1");
        Assert.Equal("s-maxage=60, stale-while-revalidate=540", hit.Headers.CacheControl!.ToString());

        _backend.Time.Advance(TimeSpan.FromSeconds(601));
        var expired = await app.Client.GetAsync("/e/1");
        Assert.Equal("MISS", expired.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(2, app.Renders.For("/e/1"));
    }
}
