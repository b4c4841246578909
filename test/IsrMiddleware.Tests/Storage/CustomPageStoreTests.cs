using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Storage;

public sealed class CustomPageStoreTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly DictionaryPageStore _store = new();

    public void Dispose() => _cache.Dispose();

    private Task<TestApp> StartAsync() => TestApp.StartAsync(
        (app, renders) => app.MapGet("/s/{slug}", (string slug, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return Results.Content($"<p>{slug}</p>", "text/html");
            })
            .WithStaticParams(_ => new[] { "a", "b" }.Select(slug => new RouteValueDictionary { ["slug"] = slug }))
            .WithCacheTags("s"),
        _cache.Path,
        services: services => services.AddStaticParams().UsePageStore(_store));

    [Fact]
    public async Task A_store_registered_with_UsePageStore_holds_the_pages_the_invalidations_and_the_order()
    {
        await using (var first = await StartAsync())
        {
            await first.WaitUntilReadyAsync();
            Assert.Equal(2, first.Renders.Total);
            Assert.Equal(2, _store.Writes);
            await first.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("s");
            Assert.Equal(2, _store.Writes);
        }

        Assert.False(Directory.Exists(Path.Combine(_cache.Path, "pages")));

        await using var second = await StartAsync();
        await second.WaitUntilSettledAsync();

        // Both pages were invalidated by the tag record the store kept: rendered again, nothing else.
        Assert.Equal(2, second.Renders.Total);
        Assert.Equal("HIT", (await second.Client.GetAsync("/s/a")).Headers.GetValues("X-Isr-Cache").Single());
    }
}
