using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Functional;

public sealed class OnDemandCapTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private Task<TestApp> StartAsync(Action<StaticParamsOptions> configure) => TestApp.StartAsync(
        (app, renders) => app.MapGet("/open/{slug}", (string slug, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return Results.Content($"<p>{slug}{new string('.', 1000)}</p>", "text/html");
            })
            .WithStaticParams(_ => new[] { "declared-1", "declared-2" }.Select(slug => new RouteValueDictionary { ["slug"] = slug }))
            .WithUnknownParams(UnknownParams.Blocking),
        _cache.Path,
        configure);

    private int StoredPages() => Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories).Count();

    [Fact]
    public async Task Endless_distinct_params_keep_at_most_the_page_cap_and_never_evict_declared_pages()
    {
        await using var app = await StartAsync(options => options.MaxOnDemandPages = 3);
        await app.WaitUntilReadyAsync();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"/open/p{i}")).StatusCode);
        }

        Assert.Equal(2 + 3, StoredPages());
        Assert.Equal("HIT", (await app.Client.GetAsync("/open/declared-1")).Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("HIT", (await app.Client.GetAsync("/open/p19")).Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("MISS", (await app.Client.GetAsync("/open/p0")).Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Least_recently_used_on_demand_page_goes_first()
    {
        await using var app = await StartAsync(options => options.MaxOnDemandPages = 2);
        await app.WaitUntilReadyAsync();

        await app.Client.GetAsync("/open/first");
        await app.Client.GetAsync("/open/second");
        await app.Client.GetAsync("/open/first");
        await app.Client.GetAsync("/open/third");

        Assert.Equal("HIT", (await app.Client.GetAsync("/open/first")).Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("MISS", (await app.Client.GetAsync("/open/second")).Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task On_demand_bytes_stay_within_the_byte_cap()
    {
        await using var app = await StartAsync(options => options.MaxOnDemandBytes = 3500);
        await app.WaitUntilReadyAsync();

        for (var i = 0; i < 10; i++)
        {
            await app.Client.GetAsync($"/open/b{i}");
        }

        Assert.Equal(2 + 3, StoredPages());
    }

    public void Dispose() => _cache.Dispose();
}
