using System.Net;
using IsrMiddleware.Tests.Functional;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Revalidation;

public sealed class StaleWhileRevalidateTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    [Fact]
    public async Task Page_younger_than_the_revalidate_period_is_a_hit_without_rendering()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        _backend.Time.Advance(TimeSpan.FromSeconds(59));

        var response = await app.Client.GetAsync("/items/a");

        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(3, app.Renders.Total);
    }

    [Fact]
    public async Task Stale_page_is_served_while_exactly_one_regeneration_runs()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        var before = await app.Client.GetAsync("/items/a");
        _backend.Version = "v2";
        _backend.Gate = new TaskCompletionSource();
        _backend.Time.Advance(TimeSpan.FromSeconds(61));

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => app.Client.GetAsync("/items/a")));

        Assert.All(responses, response => Assert.Equal("STALE", response.Headers.GetValues("X-Isr-Cache").Single()));
        Assert.All(responses, response => Assert.Equal(before.Headers.ETag, response.Headers.ETag));
        foreach (var response in responses)
        {
            Assert.Equal("<p>a v1</p>", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(2, app.Renders.For("/items/a"));

        _backend.Gate.SetResult();
        await RevalidationBackend.WaitForIdleAsync(app);
        var after = await app.Client.GetAsync("/items/a");

        Assert.Equal("HIT", after.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v2</p>", await after.Content.ReadAsStringAsync());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(2, app.Renders.For("/items/a"));
    }

    [Fact]
    public async Task Regeneration_that_answers_404_removes_the_page_and_a_later_render_brings_it_back()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        _backend.Missing["b"] = 0;
        _backend.Time.Advance(TimeSpan.FromSeconds(61));

        var stale = await app.Client.GetAsync("/items/b");
        await RevalidationBackend.WaitForIdleAsync(app);
        var gone = await app.Client.GetAsync("/items/b");

        Assert.Equal("STALE", stale.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Null(await app.Services.GetPageAsync("/items/b"));

        _backend.Missing.TryRemove("b", out _);
        var back = await app.Client.GetAsync("/items/b");

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("MISS", back.Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Regeneration_that_redirects_is_stored_as_a_redirect()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        _backend.Redirects["c"] = "/items/a";
        _backend.Time.Advance(TimeSpan.FromSeconds(61));

        await app.Client.GetAsync("/items/c");
        await RevalidationBackend.WaitForIdleAsync(app);
        var redirect = await app.Client.GetAsync("/items/c");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/items/a", redirect.Headers.Location!.ToString());
        Assert.Equal("HIT", redirect.Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Page_past_the_expire_window_is_rendered_before_answering()
    {
        await using var app = await _backend.StartAsync(_cache.Path, options => options.Expire = TimeSpan.FromMinutes(10));
        await app.WaitUntilReadyAsync();
        _backend.Version = "v2";
        _backend.Time.Advance(TimeSpan.FromMinutes(11));

        var response = await app.Client.GetAsync("/items/a");

        Assert.Equal("MISS", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v2</p>", await response.Content.ReadAsStringAsync());
        Assert.Equal("s-maxage=60, stale-while-revalidate=540", response.Headers.NonValidated["Cache-Control"].ToString());
    }

    public void Dispose() => _cache.Dispose();
}
