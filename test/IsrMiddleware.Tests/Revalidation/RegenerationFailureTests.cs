using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Revalidation;

public sealed class RegenerationFailureTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    [Fact]
    public async Task Failing_regeneration_keeps_the_old_page_and_backs_off()
    {
        await using var app = await _backend.StartAsync(_cache.Path, options => options.RegenerationBackoff = TimeSpan.FromSeconds(5));
        await app.WaitUntilReadyAsync();
        _backend.Failing = true;
        _backend.Time.Advance(TimeSpan.FromSeconds(61));

        var first = await app.Client.GetAsync("/items/a");
        await RevalidationBackend.WaitForIdleAsync(app);
        var duringBackoff = await app.Client.GetAsync("/items/a");
        await RevalidationBackend.WaitForIdleAsync(app);

        Assert.Equal("<p>a v1</p>", await first.Content.ReadAsStringAsync());
        Assert.Equal("<p>a v1</p>", await duringBackoff.Content.ReadAsStringAsync());
        Assert.Equal("STALE", duringBackoff.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(2, app.Renders.For("/items/a"));

        _backend.Time.Advance(TimeSpan.FromSeconds(6));
        await app.Client.GetAsync("/items/a");
        await RevalidationBackend.WaitForIdleAsync(app);
        Assert.Equal(3, app.Renders.For("/items/a"));

        // The second failure doubles the wait: 6 s is not enough, 10 s is.
        _backend.Failing = false;
        _backend.Version = "v2";
        _backend.Time.Advance(TimeSpan.FromSeconds(6));
        await app.Client.GetAsync("/items/a");
        await RevalidationBackend.WaitForIdleAsync(app);
        Assert.Equal(3, app.Renders.For("/items/a"));

        _backend.Time.Advance(TimeSpan.FromSeconds(5));
        await app.Client.GetAsync("/items/a");
        await RevalidationBackend.WaitForIdleAsync(app);
        var recovered = await app.Client.GetAsync("/items/a");

        Assert.Equal(4, app.Renders.For("/items/a"));
        Assert.Equal("HIT", recovered.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v2</p>", await recovered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Failed_regeneration_is_retried_by_the_resilience_pipeline()
    {
        await using var app = await _backend.StartAsync(_cache.Path, options =>
        {
            options.RenderRetry.MaxRetryAttempts = 2;
            options.RenderRetry.Delay = TimeSpan.Zero;
            options.RenderRetry.UseJitter = false;
        });
        await app.WaitUntilReadyAsync();
        _backend.Failing = true;
        _backend.Time.Advance(TimeSpan.FromSeconds(61));

        await app.Client.GetAsync("/items/a");
        await RevalidationBackend.WaitForIdleAsync(app);

        Assert.Equal(1 + 3, app.Renders.For("/items/a"));
        Assert.Equal("<p>a v1</p>", await app.Client.GetStringAsync("/items/a"));
    }

    [Fact]
    public async Task Open_circuit_stops_renders_of_a_failing_route_until_the_break_ends()
    {
        await using var app = await _backend.StartAsync(_cache.Path, options =>
        {
            options.RenderCircuitBreaker.MinimumThroughput = 2;
            options.RenderCircuitBreaker.FailureRatio = 0.5;
            options.RenderCircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        });
        await app.WaitUntilReadyAsync();
        _backend.Failing = true;
        _backend.Time.Advance(TimeSpan.FromSeconds(61));

        foreach (var slug in new[] { "a", "b", "c" })
        {
            var response = await app.Client.GetAsync($"/items/{slug}");
            await RevalidationBackend.WaitForIdleAsync(app);
            Assert.Equal($"<p>{slug} v1</p>", await response.Content.ReadAsStringAsync());
        }

        // a and b failed and opened the circuit: c was not rendered.
        Assert.Equal(2, app.Renders.For("/items/a"));
        Assert.Equal(2, app.Renders.For("/items/b"));
        Assert.Equal(1, app.Renders.For("/items/c"));

        _backend.Failing = false;
        _backend.Time.Advance(TimeSpan.FromSeconds(31));
        await app.Client.GetAsync("/items/c");
        await RevalidationBackend.WaitForIdleAsync(app);

        Assert.Equal(2, app.Renders.For("/items/c"));
        Assert.Equal("<p>c v1</p>", await app.Client.GetStringAsync("/items/c"));
        Assert.Equal("HIT", (await app.Client.GetAsync("/items/c")).Headers.GetValues("X-Isr-Cache").Single());
    }

    public void Dispose() => _cache.Dispose();
}
