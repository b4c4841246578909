using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Revalidation;

/// <summary>A prefix revalidation is one durable record, whatever the number of pages under it, checked on every hit.</summary>
public sealed class PrefixRecordTests : IDisposable
{
    private const int Guides = 300;

    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    public void Dispose() => _cache.Dispose();

    /// <summary>The backend's items plus <c>/docs/{**path}</c> declaring 300 guides and an intro.</summary>
    private Task<TestApp> StartAsync() => _backend.StartAsync(
        _cache.Path,
        map: app => app.MapGet("/docs/{**path}", (string path, RenderCounter renders, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return Results.Content($"<p>{path} {_backend.Version}</p>", "text/html");
            })
            .WithStaticParams(_ => Enumerable.Range(0, Guides).Select(i => $"guides/g{i}").Append("intro").Append("guidesque")
                .Select(path => new RouteValueDictionary { ["path"] = path })));

    private static IPageStore Store(TestApp app) => app.Services.GetRequiredService<IPageStore>();

    [Fact]
    public async Task Lazy_prefix_revalidation_records_one_invalidation_and_marks_only_the_pages_under_it_stale_across_a_restart()
    {
        int before;
        await using (var app = await StartAsync())
        {
            await app.WaitUntilReadyAsync();
            before = (await Store(app).GetInvalidationsAsync(CancellationToken.None)).Count;

            var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync([RevalidationTarget.Prefix("/docs/guides/")]);

            Assert.Equal(Guides, report.Pages.Count);
            Assert.All(report.Pages, page => Assert.Equal(RevalidationOutcome.MarkedStale, page.Outcome));
            var recorded = (await Store(app).GetInvalidationsAsync(CancellationToken.None)).ToList();
            Assert.Equal(before + 1, recorded.Count);
            Assert.Contains(recorded, invalidation => invalidation is { Kind: InvalidationKind.Prefix, Target: "/docs/guides/" });
            Assert.Equal("STALE", (await app.Client.GetAsync("/docs/guides/g17")).Headers.GetValues("X-Isr-Cache").Single());
            Assert.Equal("HIT", (await app.Client.GetAsync("/docs/guidesque")).Headers.GetValues("X-Isr-Cache").Single());
            Assert.Equal("HIT", (await app.Client.GetAsync("/docs/intro")).Headers.GetValues("X-Isr-Cache").Single());
        }

        // The record outlives the process: the next start renders again the guides (all but the one regenerated after
        // its stale hit, unless that regeneration was still running at the stop), and nothing else.
        await using var restarted = await StartAsync();
        await restarted.WaitUntilSettledAsync();
        var rendered = restarted.Renders.Paths();
        Assert.InRange(rendered.Count, Guides - 1, Guides);
        Assert.All(rendered, path => Assert.StartsWith("/docs/guides/", path, StringComparison.Ordinal));
        Assert.Equal("HIT", (await restarted.Client.GetAsync("/docs/guides/g3")).Headers.GetValues("X-Isr-Cache").Single());
    }
}
