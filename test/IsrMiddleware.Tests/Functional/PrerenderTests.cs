using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Functional;

public sealed class PrerenderTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private static void MapGated(WebApplication app, RenderCounter renders, Task gate, int pages)
    {
        app.MapGet("/gated/{n:int}", async (int n, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                await gate;
                return Results.Text($"page {n}");
            })
            .WithStaticParams(_ => Enumerable.Range(1, pages).Select(n => new RouteValueDictionary { ["n"] = n }));
        app.MapHealthChecks("/healthz");
    }

    [Fact]
    public async Task Health_check_is_unhealthy_until_prerendering_finishes()
    {
        var gate = new TaskCompletionSource();
        await using var app = await TestApp.StartAsync((a, r) => MapGated(a, r, gate.Task, 3), _cache.Path);

        var during = await app.Client.GetAsync("/healthz");
        gate.SetResult();
        await app.WaitUntilReadyAsync();
        var after = await app.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Declared_page_requested_during_prerendering_is_rendered_not_404()
    {
        var gate = new TaskCompletionSource();
        await using var app = await TestApp.StartAsync(
            (a, r) => MapGated(a, r, gate.Task, 20),
            _cache.Path,
            options => options.PrerenderParallelism = 1);

        var request = app.Client.GetAsync("/gated/20");
        await UnknownParamsPolicyTests.WaitForAsync(() => app.Renders.For("/gated/20") == 1);
        gate.SetResult();
        var response = await request;
        await app.WaitUntilReadyAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("page 20", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Renders.For("/gated/20"));
        Assert.Equal(20, app.Renders.Total);
    }

    [Fact]
    public async Task Parallelism_option_bounds_concurrent_renders()
    {
        var running = 0;
        var peak = 0;
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/p/{n:int}", async (int n, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    var now = Interlocked.Increment(ref running);
                    InterlockedMax(ref peak, now);
                    await Task.Delay(5);
                    Interlocked.Decrement(ref running);
                    return Results.Text($"{n}");
                })
                .WithStaticParams(_ => Enumerable.Range(1, 40).Select(n => new RouteValueDictionary { ["n"] = n })),
            _cache.Path,
            options => options.PrerenderParallelism = 3);
        await app.WaitUntilReadyAsync();

        Assert.Equal(40, app.Renders.Total);
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task SkipPrerender_renders_on_first_request_and_still_knows_declared_pages()
    {
        await using var app = await TestApp.StartAsync(
            (a, r) => MapGated(a, r, Task.CompletedTask, 5),
            _cache.Path,
            options => options.SkipPrerender = true);
        await app.WaitUntilReadyAsync();
        var rendersAtStart = app.Renders.Total;

        var declared = await app.Client.GetAsync("/gated/3");
        var undeclared = await app.Client.GetAsync("/gated/9");

        Assert.Equal(0, rendersAtStart);
        Assert.Equal("MISS", declared.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(HttpStatusCode.NotFound, undeclared.StatusCode);
        Assert.Equal(1, app.Renders.Total);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public void Dispose() => _cache.Dispose();
}
