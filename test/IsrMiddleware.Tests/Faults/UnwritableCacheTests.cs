using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IsrMiddleware.Tests.Faults;

public sealed class UnwritableCacheTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task Unwritable_cache_folder_serves_from_memory_and_logs_the_failure_once_per_interval()
    {
        // A cache folder below a regular file cannot be created, even by root.
        var blocker = Path.Combine(_root.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var logs = new FakeLoggerProvider();
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/items/{slug}", (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Text(slug);
                })
                .WithStaticParams(_ => Enumerable.Range(0, 5).Select(i => new RouteValueDictionary { ["slug"] = $"p{i}" }))
                .WithUnknownParams(UnknownParams.Blocking),
            Path.Combine(blocker, "cache"),
            services: services => services.AddSingleton<ILoggerProvider>(logs));
        await app.WaitUntilReadyAsync();

        var declared = await app.Client.GetAsync("/items/p3");
        var first = await app.Client.GetAsync("/items/new");
        var second = await app.Client.GetAsync("/items/new");

        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        Assert.Equal("HIT", declared.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("MISS", first.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("HIT", second.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(6, app.Renders.Total);
        Assert.Single(logs.Collector.GetSnapshot(), record => record.Id.Id == 302);
    }

    public void Dispose() => _root.Dispose();
}
