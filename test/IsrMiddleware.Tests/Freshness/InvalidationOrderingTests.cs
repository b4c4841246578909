using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Freshness;

/// <summary>No invalidation is lost: a page is fresh again only once a render that started after it is stored.</summary>
public sealed class InvalidationOrderingTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _cache = new();
    private readonly VersionedBackend _backend = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Eager_revalidation_sent_while_an_older_render_runs_waits_for_a_render_that_started_after_it()
    {
        await using var app = await _backend.StartAsync(_cache.Path, revalidate: TimeSpan.FromSeconds(60));
        await app.WaitUntilReadyAsync();
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();
        _backend.Time.Advance(TimeSpan.FromSeconds(61));
        _backend.Close();

        Assert.Equal("STALE", await CacheStatusAsync(app, "/v/a"));
        await _backend.WaitForRenderToReadAsync();
        _backend.Version = "v2";
        var eager = revalidator.RevalidatePathAsync("/v/a", RevalidationMode.Eager);
        _backend.Open();
        var report = await eager.WaitAsync(Deadline);

        Assert.Equal(RevalidationOutcome.Regenerated, Assert.Single(report.Pages).Outcome);
        var after = await app.Client.GetAsync("/v/a");
        Assert.Equal("HIT", after.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v2</p>", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Lazy_revalidation_sent_while_an_older_render_runs_leaves_its_result_stale()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();
        await revalidator.RevalidatePathAsync("/v/a");
        _backend.Close();

        Assert.Equal("STALE", await CacheStatusAsync(app, "/v/a"));
        await _backend.WaitForRenderToReadAsync();
        _backend.Version = "v2";
        await revalidator.RevalidatePathAsync("/v/a");
        _backend.Open();
        await app.Services.WaitForIdleAsync();

        // The render that read v1 stored its page, but the second invalidation is newer: stale, and one more render.
        var stale = await app.Client.GetAsync("/v/a");
        Assert.Equal("STALE", stale.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v1</p>", await stale.Content.ReadAsStringAsync());
        await app.Services.WaitForIdleAsync();
        var fresh = await app.Client.GetAsync("/v/a");
        Assert.Equal("HIT", fresh.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v2</p>", await fresh.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_eager_webhooks_in_a_row_end_on_the_latest_data()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();
        _backend.Close();
        _backend.Version = "v2";

        var first = revalidator.RevalidateTagAsync("versions", RevalidationMode.Eager);
        await _backend.WaitForRenderToReadAsync();
        await _backend.WaitForRenderToReadAsync();
        _backend.Version = "v3";
        var second = revalidator.RevalidateTagAsync("versions", RevalidationMode.Eager);
        _backend.Open();
        await Task.WhenAll(first, second).WaitAsync(Deadline);

        foreach (var slug in new[] { "a", "b" })
        {
            var response = await app.Client.GetAsync($"/v/{slug}");
            Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
            Assert.Equal($"<p>{slug} v3</p>", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Clock_moving_backwards_and_forwards_loses_no_invalidation()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();

        _backend.Time.Advance(TimeSpan.FromHours(-2));
        _backend.Version = "v2";
        var report = await revalidator.RevalidatePathAsync("/v/a", RevalidationMode.Eager).WaitAsync(Deadline);
        Assert.Equal(RevalidationOutcome.Regenerated, Assert.Single(report.Pages).Outcome);
        Assert.Equal("<p>a v2</p>", await app.Client.GetStringAsync("/v/a"));

        _backend.Time.Advance(TimeSpan.FromHours(5));
        _backend.Version = "v3";
        await revalidator.RevalidateTagAsync("versions");
        _backend.Time.Advance(TimeSpan.FromHours(-4));
        Assert.Equal("STALE", await CacheStatusAsync(app, "/v/b"));
        await app.Services.WaitForIdleAsync();

        var fresh = await app.Client.GetAsync("/v/b");
        Assert.Equal("HIT", fresh.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>b v3</p>", await fresh.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Lazy_tag_revalidation_writes_one_record_and_rewrites_no_page()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        var pagesFolder = Path.Combine(_cache.Path, "pages");
        var before = Directory.EnumerateFiles(pagesFolder, "*", SearchOption.AllDirectories).ToDictionary(file => file, File.GetLastWriteTimeUtc);

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("versions");

        Assert.Equal(2, report.Pages.Count);
        Assert.All(report.Pages, page => Assert.Equal(RevalidationOutcome.MarkedStale, page.Outcome));
        var after = Directory.EnumerateFiles(pagesFolder, "*", SearchOption.AllDirectories).ToDictionary(file => file, File.GetLastWriteTimeUtc);
        Assert.Equal(before, after);
        Assert.Single(File.ReadAllLines(Path.Combine(_cache.Path, "invalidations.log")));
        Assert.Equal("STALE", await CacheStatusAsync(app, "/v/a"));
    }

    [Fact]
    public async Task Invalidations_survive_a_restart()
    {
        await using (var first = await _backend.StartAsync(_cache.Path))
        {
            await first.WaitUntilReadyAsync();
            await first.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/v/b");
        }

        await using var second = await _backend.StartAsync(_cache.Path);
        await second.WaitUntilSettledAsync();

        // Pre-rendering renders the invalidated page again (its stored version is older than the record); the other is kept.
        Assert.Equal(1, second.Renders.Total);
        Assert.Equal(1, second.Renders.For("/v/b"));
        Assert.Equal("HIT", await CacheStatusAsync(second, "/v/b"));
    }

    [Theory]
    [InlineData("/v/a/")]
    [InlineData("//v//a")]
    public async Task A_path_revalidation_in_a_non_canonical_form_reaches_the_page(string path)
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();

        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync(path);

        Assert.Equal("/v/a", Assert.Single(report.Pages).Path);
        Assert.Equal("STALE", await CacheStatusAsync(app, "/v/a"));
    }

    private static async Task<string> CacheStatusAsync(TestApp app, string path)
    {
        var response = await app.Client.GetAsync(path);
        return response.Headers.GetValues("X-Isr-Cache").Single();
    }
}
