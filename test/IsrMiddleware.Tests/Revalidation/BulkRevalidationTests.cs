using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Revalidation;

public sealed class BulkRevalidationTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    /// <summary>The backend's items plus <c>/docs/{**path}</c> declaring guides/setup, guides/deploy and intro.</summary>
    private Task<TestApp> StartAsync(Action<StaticParamsOptions>? configure = null) => _backend.StartAsync(
        _cache.Path,
        configure,
        app => app.MapGet("/docs/{**path}", (string path, RenderCounter renders, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return Results.Content($"<p>{path} {_backend.Version}</p>", "text/html");
            })
            .WithStaticParams(_ => new[] { "guides/setup", "guides/deploy", "intro" }.Select(path => new RouteValueDictionary { ["path"] = path }))
            .WithUnknownParams(UnknownParams.NotFound));

    private static IReadOnlyList<(string, RevalidationOutcome)> Outcomes(IEnumerable<PageRevalidation> pages) =>
        [.. pages.Select(page => (page.Path, page.Outcome))];

    [Fact]
    public async Task Several_paths_and_tags_in_one_call_each_report_their_pages_and_render_each_page_once()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        var total = app.Renders.Total;
        _backend.Version = "v2";

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync(
            [RevalidationTarget.Path("/items/a"), RevalidationTarget.Tag("item:b"), RevalidationTarget.Path("/nowhere"), RevalidationTarget.Tag("items")],
            new RevalidationOptions { Mode = RevalidationMode.Eager });

        Assert.Equal(
            [RevalidationTarget.Path("/items/a"), RevalidationTarget.Tag("item:b"), RevalidationTarget.Path("/nowhere"), RevalidationTarget.Tag("items")],
            report.Targets.Select(target => target.Target));
        Assert.Equal([("/items/a", RevalidationOutcome.Regenerated)], Outcomes(report.Targets[0].Pages));
        Assert.Equal([("/items/b", RevalidationOutcome.Regenerated)], Outcomes(report.Targets[1].Pages));
        Assert.Equal([("/nowhere", RevalidationOutcome.NoRoute)], Outcomes(report.Targets[2].Pages));
        Assert.Equal(["/items/a", "/items/b", "/items/c"], report.Targets[3].Pages.Select(page => page.Path).Order());
        Assert.Equal(4, report.Pages.Count);
        Assert.Equal(3, app.Renders.Total - total);
        Assert.Equal("<p>a v2</p>", await app.Client.GetStringAsync("/items/a"));
        Assert.Equal("<p>c v2</p>", await app.Client.GetStringAsync("/items/c"));
    }

    [Fact]
    public async Task Prefix_reaches_every_stored_or_declared_page_under_it_and_nothing_else()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        var total = app.Renders.Total;
        _backend.Version = "v2";

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync(
            [RevalidationTarget.Prefix("/docs/guides/")], new RevalidationOptions { Mode = RevalidationMode.Eager });

        Assert.Equal(
            [("/docs/guides/deploy", RevalidationOutcome.Regenerated), ("/docs/guides/setup", RevalidationOutcome.Regenerated)],
            Outcomes(report.Targets.Single().Pages));
        Assert.Equal(2, app.Renders.Total - total);
        Assert.Equal("<p>guides/setup v2</p>", await app.Client.GetStringAsync("/docs/guides/setup"));
        Assert.Equal("<p>intro v1</p>", await app.Client.GetStringAsync("/docs/intro"));
    }

    [Fact]
    public async Task Lazy_prefix_marks_its_pages_stale()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync([RevalidationTarget.Prefix("/docs/")]);

        Assert.Equal(3, report.Pages.Count);
        Assert.All(report.Pages, page => Assert.Equal(RevalidationOutcome.MarkedStale, page.Outcome));
        Assert.Equal("STALE", (await app.Client.GetAsync("/docs/intro")).Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("HIT", (await app.Client.GetAsync("/items/a")).Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Only_stored_eager_revalidation_never_renders_a_page_nobody_requested()
    {
        await using var app = await StartAsync(options => options.SkipPrerender = true);
        await app.WaitUntilReadyAsync();
        await app.Client.GetStringAsync("/docs/guides/setup");
        await app.Client.GetStringAsync("/items/a");
        var total = app.Renders.Total;
        _backend.Version = "v2";
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();
        var onlyStored = new RevalidationOptions { Mode = RevalidationMode.Eager, OnlyStored = true };

        var report = await revalidator.RevalidateAsync(
            [RevalidationTarget.Prefix("/docs/"), RevalidationTarget.Path("/items/b"), RevalidationTarget.Path("/items/new"), RevalidationTarget.Tag("items")],
            onlyStored);
        var rendersOnlyStored = app.Renders.Total - total;
        var deployStored = await app.Services.GetPageAsync("/docs/guides/deploy");
        var everything = await revalidator.RevalidateAsync([RevalidationTarget.Prefix("/docs/guides/")], new RevalidationOptions { Mode = RevalidationMode.Eager });

        Assert.Equal(
            [("/docs/guides/deploy", RevalidationOutcome.NotCached), ("/docs/guides/setup", RevalidationOutcome.Regenerated), ("/docs/intro", RevalidationOutcome.NotCached)],
            Outcomes(report.Targets[0].Pages));
        Assert.Equal([("/items/b", RevalidationOutcome.NotCached)], Outcomes(report.Targets[1].Pages));
        Assert.Equal([("/items/new", RevalidationOutcome.NotCached)], Outcomes(report.Targets[2].Pages));
        Assert.Equal([("/items/a", RevalidationOutcome.Regenerated)], Outcomes(report.Targets[3].Pages));
        Assert.Equal(2, rendersOnlyStored);
        Assert.Equal(0, app.Renders.For("/items/b") + app.Renders.For("/items/new") + app.Renders.For("/docs/intro"));
        Assert.Null(deployStored);
        Assert.All(everything.Pages, page => Assert.Equal(RevalidationOutcome.Regenerated, page.Outcome));
        Assert.Equal(1, app.Renders.For("/docs/guides/deploy"));
    }

    [Fact]
    public async Task More_targets_than_the_cap_are_refused_before_anything_is_recorded()
    {
        await using var app = await StartAsync(options => options.MaxRevalidationTargets = 2);
        await app.WaitUntilReadyAsync();
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => revalidator.RevalidateAsync(
            [RevalidationTarget.Path("/items/a"), RevalidationTarget.Path("/items/b"), RevalidationTarget.Path("/items/c")]));

        Assert.Contains("MaxRevalidationTargets (2)", error.Message, StringComparison.Ordinal);
        Assert.Equal("HIT", (await app.Client.GetAsync("/items/a")).Headers.GetValues("X-Isr-Cache").Single());
        Assert.Throws<ArgumentException>(() => RevalidationTarget.Prefix("docs/"));
    }

    public void Dispose() => _cache.Dispose();
}
