using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Revalidation;

public sealed class EagerRevalidationBoundTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task An_eager_revalidation_renders_at_most_MaxEagerRevalidationPages_and_marks_the_rest_stale()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/items/{slug}", (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Content($"<h1>{slug}</h1>", "text/html");
                })
                .WithStaticParams(_ => Enumerable.Range(0, 5).Select(i => new RouteValueDictionary { ["slug"] = $"p{i}" }))
                .WithCacheTags("items"),
            _cache.Path,
            options => options.MaxEagerRevalidationPages = 2);
        await app.WaitUntilReadyAsync();
        var before = app.Renders.Total;

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("items", RevalidationMode.Eager);
        var rendered = app.Renders.Total - before;
        var answers = new List<string>();
        foreach (var page in report.Pages.Where(page => page.Outcome == RevalidationOutcome.MarkedStale))
        {
            answers.Add((await app.Client.GetAsync(page.Path)).Headers.GetValues("X-Isr-Cache").Single());
        }

        Assert.Equal(5, report.Pages.Count);
        Assert.Equal(2, report.Pages.Count(page => page.Outcome == RevalidationOutcome.Regenerated));
        Assert.Equal(3, report.Pages.Count(page => page.Outcome == RevalidationOutcome.MarkedStale));
        Assert.Equal(2, rendered);
        Assert.Equal(["STALE", "STALE", "STALE"], answers);
    }

    public void Dispose() => _cache.Dispose();
}
