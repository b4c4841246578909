using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Functional;

public sealed class DevelopmentModeTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Development_renders_every_request_and_asks_the_provider_each_time()
    {
        var slugs = new List<string> { "a" };
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/dev/{slug}", (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Text(slug);
                })
                .WithStaticParams(_ => slugs.Select(slug => new RouteValueDictionary { ["slug"] = slug }).ToArray()),
            _cache.Path,
            environment: "Development");
        await app.WaitUntilReadyAsync();

        var first = await app.Client.GetAsync("/dev/a");
        var second = await app.Client.GetAsync("/dev/a");
        var unknown = await app.Client.GetAsync("/dev/b");
        slugs.Add("b");
        var added = await app.Client.GetAsync("/dev/b");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, app.Renders.For("/dev/a"));
        Assert.False(first.Headers.Contains("X-Isr-Cache"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories));
    }

    public void Dispose() => _cache.Dispose();
}
