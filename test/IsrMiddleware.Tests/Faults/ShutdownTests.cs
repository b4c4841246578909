using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Faults;

public sealed class ShutdownTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Shutdown_cancels_prerendering_and_background_renders_that_would_never_end()
    {
        var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/forever/{n:int}", async (int n, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    return Results.Text("never");
                })
                .WithStaticParams(_ => Enumerable.Range(0, 100).Select(n => new RouteValueDictionary { ["n"] = n })),
            _cache.Path,
            options => options.PrerenderParallelism = 4);
        await Functional.UnknownParamsPolicyTests.WaitForAsync(() => app.Renders.Total >= 4);

        await app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.InRange(app.Renders.Total, 4, 8);
        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories));
    }

    public void Dispose() => _cache.Dispose();
}
