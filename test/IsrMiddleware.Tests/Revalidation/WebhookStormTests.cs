using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Revalidation;

public sealed class WebhookStormTests : IDisposable
{
    private static readonly string[] Pages = ["/items/a", "/items/b", "/items/c"];

    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    [Fact]
    public async Task Eager_storm_of_one_tag_renders_each_page_at_most_twice()
    {
        // One call revalidates its pages in parallel up to PrerenderParallelism: here all three at once.
        await using var app = await _backend.StartAsync(_cache.Path, options => options.PrerenderParallelism = Pages.Length);
        await app.WaitUntilReadyAsync();
        var before = Pages.ToDictionary(page => page, app.Renders.For);
        var eager = app.Services.GetRequiredService<EagerRegenerations>();
        var joined = eager.Joined;
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();
        _backend.Version = "v2";

        // The first render of each page is held until every call has recorded its invalidation and joined.
        _backend.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var storm = Enumerable.Range(0, 20).Select(_ => Task.Run(() => revalidator.RevalidateTagAsync("items", RevalidationMode.Eager))).ToArray();
        await Until.TrueAsync(() => eager.Joined - joined == 20 * Pages.Length, "every call joined a render");
        _backend.Version = "v3";
        _backend.Gate.SetResult();
        var reports = await Task.WhenAll(storm).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(reports, report => Assert.Equal(
            Pages.Select(page => (page, RevalidationOutcome.Regenerated)),
            report.Pages.Select(page => (page.Path, page.Outcome)).Order()));
        foreach (var page in Pages)
        {
            Assert.InRange(app.Renders.For(page) - before[page], 1, 2);
            Assert.Equal($"<p>{page[^1]} v3</p>", await app.Client.GetStringAsync(page));
        }
    }

    [Fact]
    public async Task Eager_storm_within_the_coalescing_window_renders_each_page_once()
    {
        await using var app = await _backend.StartAsync(_cache.Path, options =>
        {
            options.PrerenderParallelism = Pages.Length;
            options.RevalidationCoalescingWindow = TimeSpan.FromSeconds(1);
        });
        await app.WaitUntilReadyAsync();
        var before = Pages.ToDictionary(page => page, app.Renders.For);
        var eager = app.Services.GetRequiredService<EagerRegenerations>();
        var joined = eager.Joined;
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();
        _backend.Version = "v2";

        var storm = Enumerable.Range(0, 20).Select(_ => Task.Run(() => revalidator.RevalidateTagAsync("items", RevalidationMode.Eager))).ToArray();
        await Until.TrueAsync(() => eager.Joined - joined == 20 * Pages.Length, "every call joined a render");
        var rendersInWindow = Pages.Sum(app.Renders.For) - before.Values.Sum();
        _backend.Time.Advance(TimeSpan.FromSeconds(1));
        var reports = await Task.WhenAll(storm).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, rendersInWindow);
        Assert.All(reports, report => Assert.All(report.Pages, page => Assert.Equal(RevalidationOutcome.Regenerated, page.Outcome)));
        foreach (var page in Pages)
        {
            Assert.Equal(1, app.Renders.For(page) - before[page]);
            Assert.Equal($"<p>{page[^1]} v2</p>", await app.Client.GetStringAsync(page));
        }
    }

    [Fact]
    public async Task Lazy_storm_renders_nothing_until_requested_then_once_per_page()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        var total = app.Renders.Total;
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();
        _backend.Version = "v2";

        var reports = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => revalidator.RevalidateTagAsync("items"))))
            .WaitAsync(TimeSpan.FromSeconds(60));
        await app.Services.WaitForIdleAsync();
        var rendersAfterStorm = app.Renders.Total - total;
        var stale = new List<string>();
        foreach (var page in Pages)
        {
            stale.Add((await app.Client.GetAsync(page)).Headers.GetValues("X-Isr-Cache").Single());
        }

        await app.Services.WaitForIdleAsync();

        Assert.All(reports, report => Assert.All(report.Pages, page => Assert.Equal(RevalidationOutcome.MarkedStale, page.Outcome)));
        Assert.Equal(0, rendersAfterStorm);
        Assert.Equal(["STALE", "STALE", "STALE"], stale);
        Assert.Equal(Pages.Length, app.Renders.Total - total);
        foreach (var page in Pages)
        {
            var response = await app.Client.GetAsync(page);
            Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
            Assert.Equal($"<p>{page[^1]} v2</p>", await response.Content.ReadAsStringAsync());
        }
    }

    public void Dispose() => _cache.Dispose();
}
