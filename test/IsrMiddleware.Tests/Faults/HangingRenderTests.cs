using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;

namespace IsrMiddleware.Tests.Faults;

public sealed class HangingRenderTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    [Fact]
    public async Task Hanging_regeneration_is_cut_by_the_render_timeout_and_the_old_page_stays()
    {
        await using var app = await _backend.StartAsync(_cache.Path, options => options.RenderTimeout = TimeSpan.FromSeconds(10));
        await app.WaitUntilReadyAsync();
        var hang = new TaskCompletionSource();
        _backend.Gate = hang;
        _backend.Time.Advance(TimeSpan.FromSeconds(61));

        var stale = await app.Client.GetAsync("/items/a");
        await Functional.UnknownParamsPolicyTests.WaitForAsync(() => app.Renders.For("/items/a") == 2);
        _backend.Time.Advance(TimeSpan.FromSeconds(11));
        await app.Services.WaitForIdleAsync();
        var after = await app.Client.GetAsync("/items/a");

        Assert.Equal("STALE", stale.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>a v1</p>", await after.Content.ReadAsStringAsync());
        Assert.Equal("STALE", after.Headers.GetValues("X-Isr-Cache").Single());
        hang.SetResult();
    }

    public void Dispose() => _cache.Dispose();
}
