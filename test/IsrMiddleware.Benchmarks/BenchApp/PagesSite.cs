using System.Globalization;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// The site of the pre-render and warm-restart benchmarks: <c>/p/{id}</c>, a static route with N declared pages and
/// a trivial render; <c>/live/{id}</c>, the same handler without caching (for HTTP self-requests);
/// <c>/healthz</c>; <c>/bench/renders</c>, how many times the handler ran in this process; and <c>/bench/memory</c>,
/// the managed heap and working set after a full compacting GC.
/// </summary>
internal static class PagesSite
{
    private static int s_renders;

    public static int Renders => Volatile.Read(ref s_renders);

    public static WebApplication Build(int pages, int port, string contentRoot, int parallelism)
    {
        var builder = BenchHosting.CreateBuilder(port, contentRoot);
        builder.Services.AddStaticParams(isr =>
        {
            isr.CacheDirectory = Path.Combine(contentRoot, "isr-cache");
            isr.PrerenderParallelism = parallelism;
        });

        var app = builder.Build();
        app.UseRouting();
        app.UseStaticParams();
        app.MapGet("/p/{id}", Render)
            .WithStaticParams(_ => Enumerable.Range(0, pages).Select(i => new RouteValueDictionary { ["id"] = i.ToString(CultureInfo.InvariantCulture) }))
            .WithCacheTags("pages");
        app.MapGet("/live/{id}", Render);
        app.MapHealthChecks("/healthz");
        app.MapGet("/bench/renders", () => Renders);
        app.MapGet("/bench/memory", () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return new[] { GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64 };
        });
        return app;
    }

    /// <summary>The child process of the warm-restart benchmark.</summary>
    public static async Task<int> RunAsync(BenchOptions options)
    {
        await using var app = Build(options.Pages, options.Port, options.CacheDirectory, options.Parallelism);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static IResult Render(string id)
    {
        Interlocked.Increment(ref s_renders);
        return Results.Content($"<!DOCTYPE html><html><body><h1>Page {id}</h1></body></html>", "text/html; charset=utf-8");
    }
}
