using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Functional;

public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private static void Map(WebApplication app, RenderCounter renders, string version) =>
        app.MapGet("/docs/{**path}", (string path, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return Results.Content($"<p>{path} v{version}</p>", "text/html");
            })
            .WithStaticParams(_ => new[] { "a", "b/c", "d/e/f" }.Select(path => new RouteValueDictionary { ["path"] = path }))
            .WithUnknownParams(UnknownParams.Blocking);

    [Fact]
    public async Task Restart_with_a_warm_disk_cache_renders_nothing()
    {
        await using (var first = await TestApp.StartAsync((a, r) => Map(a, r, "1"), _cache.Path))
        {
            await first.WaitUntilReadyAsync();
            await first.Client.GetAsync("/docs/on/demand");
            Assert.Equal(4, first.Renders.Total);
        }

        await using var second = await TestApp.StartAsync((a, r) => Map(a, r, "2"), _cache.Path);
        await second.WaitUntilReadyAsync();
        var declared = await second.Client.GetAsync("/docs/d/e/f");
        var onDemand = await second.Client.GetAsync("/docs/on/demand");

        Assert.Equal(0, second.Renders.Total);
        Assert.Equal("<p>d/e/f v1</p>", await declared.Content.ReadAsStringAsync());
        Assert.Equal("HIT", declared.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<p>on/demand v1</p>", await onDemand.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Restart_indexes_pages_from_headers_and_a_corrupt_body_is_rendered_again_never_served()
    {
        await using (var first = await TestApp.StartAsync((a, r) => Map(a, r, "1"), _cache.Path))
        {
            await first.WaitUntilReadyAsync();
        }

        var file = Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories)
            .Single(path => File.ReadAllText(path).Contains("<p>b/c v1</p>", StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes);

        await using var second = await TestApp.StartAsync((a, r) => Map(a, r, "2"), _cache.Path);
        await second.WaitUntilReadyAsync();
        var rendersAtStartUp = second.Renders.Total;
        var response = await second.Client.GetAsync("/docs/b/c");

        Assert.Equal(0, rendersAtStartUp);
        Assert.Equal("<p>b/c v2</p>", await response.Content.ReadAsStringAsync());
        Assert.Equal("MISS", response.Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Restart_counts_stored_on_demand_pages_against_a_smaller_cap_oldest_first()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using (var first = await TestApp.StartAsync((a, r) => Map(a, r, "1"), _cache.Path, services: s => s.AddSingleton<TimeProvider>(time)))
        {
            await first.WaitUntilReadyAsync();
            for (var i = 0; i < 5; i++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await first.Client.GetAsync($"/docs/on-demand/{i}");
            }
        }

        await using var second = await TestApp.StartAsync((a, r) => Map(a, r, "2"), _cache.Path, options => options.MaxOnDemandPages = 2);
        await second.WaitUntilSettledAsync();

        Assert.Equal(3 + 2, Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories).Count());
        Assert.Equal("HIT", (await second.Client.GetAsync("/docs/on-demand/4")).Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("MISS", (await second.Client.GetAsync("/docs/on-demand/0")).Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Temporary_files_left_by_a_crash_are_deleted_at_start_up()
    {
        var leftover = Path.Combine(_cache.Path, "pages", "ab", "abcdef.page.0123.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
        await File.WriteAllTextAsync(leftover, "half a page");

        await using var app = await TestApp.StartAsync((a, r) => Map(a, r, "1"), _cache.Path);
        await app.WaitUntilReadyAsync();

        Assert.False(File.Exists(leftover));
    }

    public void Dispose() => _cache.Dispose();
}
