using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Revalidation;

public sealed class OnDemandRevalidationTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    [Fact]
    public async Task Lazy_path_revalidation_marks_the_page_stale_for_the_next_request()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        _backend.Version = "v2";

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/items/a");
        var rendersAfterMarking = app.Renders.For("/items/a");
        var stale = await app.Client.GetAsync("/items/a");
        await RevalidationBackend.WaitForIdleAsync(app);
        var fresh = await app.Client.GetAsync("/items/a");

        Assert.Equal([new PageRevalidation("/items/a", RevalidationOutcome.MarkedStale)], report.Pages);
        Assert.Equal(1, rendersAfterMarking);
        Assert.Equal("STALE", stale.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v1</p>", await stale.Content.ReadAsStringAsync());
        Assert.Equal("HIT", fresh.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v2</p>", await fresh.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Eager_path_revalidation_regenerates_before_returning()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        _backend.Version = "v2";

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/items/b", RevalidationMode.Eager);
        var response = await app.Client.GetAsync("/items/b");

        Assert.Equal([new PageRevalidation("/items/b", RevalidationOutcome.Regenerated)], report.Pages);
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>b v2</p>", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, app.Renders.For("/items/b"));
    }

    [Fact]
    public async Task Eager_revalidation_reports_a_removed_page_and_a_failed_render()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();

        _backend.Missing["a"] = 0;
        var removed = await revalidator.RevalidatePathAsync("/items/a", RevalidationMode.Eager);
        _backend.Failing = true;
        var failed = await revalidator.RevalidatePathAsync("/items/b", RevalidationMode.Eager);

        Assert.Equal(RevalidationOutcome.Removed, removed.Pages.Single().Outcome);
        Assert.Equal(RevalidationOutcome.Failed, failed.Pages.Single().Outcome);
        Assert.Null(await app.Services.GetPageAsync("/items/a"));
        Assert.Equal("<p>b v1</p>", await app.Client.GetStringAsync("/items/b"));
    }

    [Fact]
    public async Task Tag_revalidation_reaches_pages_by_render_time_tag()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        _backend.Version = "v2";

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("item:b", RevalidationMode.Eager);

        Assert.Equal([new PageRevalidation("/items/b", RevalidationOutcome.Regenerated)], report.Pages);
        Assert.Equal("<p>b v2</p>", await app.Client.GetStringAsync("/items/b"));
        Assert.Equal("<p>a v1</p>", await app.Client.GetStringAsync("/items/a"));
    }

    [Fact]
    public async Task Tag_revalidation_reaches_every_page_of_a_route_tag()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("items");

        Assert.Equal(["/items/a", "/items/b", "/items/c"], report.Pages.Select(page => page.Path).Order());
        Assert.All(report.Pages, page => Assert.Equal(RevalidationOutcome.MarkedStale, page.Outcome));
        Assert.Equal("STALE", (await app.Client.GetAsync("/items/c")).Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Tags_survive_a_restart()
    {
        await using (var first = await _backend.StartAsync(_cache.Path))
        {
            await first.WaitUntilReadyAsync();
        }

        await using var second = await _backend.StartAsync(_cache.Path);
        await second.WaitUntilReadyAsync();
        _backend.Version = "v2";

        var report = await second.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("item:c", RevalidationMode.Eager);

        Assert.Equal(0, second.Renders.Total - second.Renders.For("/items/c"));
        Assert.Equal([new PageRevalidation("/items/c", RevalidationOutcome.Regenerated)], report.Pages);
        Assert.Equal("<p>c v2</p>", await second.Client.GetStringAsync("/items/c"));
    }

    [Fact]
    public async Task Revalidating_a_never_generated_path_of_a_NotFound_route_creates_nothing()
    {
        await using var app = await _backend.StartAsync(_cache.Path, map: a => a
            .MapGet("/closed/{slug}", (string slug) => Results.Text(slug))
            .WithStaticParams(_ => [new Microsoft.AspNetCore.Routing.RouteValueDictionary { ["slug"] = "known" }]));
        await app.WaitUntilReadyAsync();
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();

        var eager = await revalidator.RevalidatePathAsync("/closed/unknown", RevalidationMode.Eager);
        var lazy = await revalidator.RevalidatePathAsync("/closed/unknown");
        var noRoute = await revalidator.RevalidatePathAsync("/nowhere/at/all", RevalidationMode.Eager);

        Assert.Equal(RevalidationOutcome.NotCached, eager.Pages.Single().Outcome);
        Assert.Equal(RevalidationOutcome.NotCached, lazy.Pages.Single().Outcome);
        Assert.Equal(RevalidationOutcome.NoRoute, noRoute.Pages.Single().Outcome);
        Assert.Null(await app.Services.GetPageAsync("/closed/unknown"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.Client.GetAsync("/closed/unknown")).StatusCode);
    }

    public void Dispose() => _cache.Dispose();
}
