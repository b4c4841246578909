using IsrMiddleware.Benchmarks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// The targets of load.sh, all serving the same 20 KiB page from one process. Two Kestrel hosts run side by side
/// with the same pipeline, differing only in <see cref="StaticParamsOptions.MemoryLimitBytes"/>:
/// <list type="bullet">
/// <item>PORT: <c>/raw</c> (the first middleware writes the preallocated bytes), <c>/raw-endpoint</c> (the same from
/// an endpoint, after routing), <c>/oc</c> (Output Caching), <c>/static/page.html</c> (UseStaticFiles over a
/// temporary folder), <c>/isr/page</c> and <c>/products/tools/hammer</c> (pre-rendered static routes: memory-tier
/// hits).</item>
/// <item>PORT+1: the same, with a memory tier of one byte, which can hold no page: <c>/isr-disk/page</c> is read from
/// the disk tier on every request.</item>
/// <item><c>/isr-stale/page</c> on PORT: revalidate 1 s, every regeneration takes 500 ms.</item>
/// </list>
/// <c>ISR_SERVE_BEFORE_ROUTING=1</c> turns <see cref="StaticParamsOptions.ServeBeforeRouting"/> on in both hosts.
/// </summary>
internal static class LoadTargets
{
    private static int _staleRenders;

    // ISR_STALE_DELAY_MS changes the regeneration time of the stale target (default 500 ms), to tell its cost apart.
    private static readonly int StaleDelayMilliseconds =
        int.TryParse(Environment.GetEnvironmentVariable("ISR_STALE_DELAY_MS"), out var delay) ? delay : 500;

    /// <summary>The pre-render is immediate; every regeneration after it takes 500 ms.</summary>
    private static async Task WriteAfterSlowRegenerationAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _staleRenders) > 2)
        {
            await Task.Delay(StaleDelayMilliseconds, context.RequestAborted).ConfigureAwait(false);
        }

        await BenchHosting.WriteRawAsync(context).ConfigureAwait(false);
    }

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var staticFolder = Path.Combine(options.CacheDirectory, "static");
        Directory.CreateDirectory(staticFolder);
        await File.WriteAllBytesAsync(Path.Combine(staticFolder, "page.html"), BenchPage.Bytes).ConfigureAwait(false);

        await using var memoryHost = Build(options.Port, Path.Combine(options.CacheDirectory, "memory"), staticFolder, "/isr", memoryLimitBytes: null);
        await using var diskHost = Build(options.Port + 1, Path.Combine(options.CacheDirectory, "disk"), staticFolder, "/isr-disk", memoryLimitBytes: 1);
        await memoryHost.StartAsync().ConfigureAwait(false);
        await diskHost.StartAsync().ConfigureAwait(false);
        Console.WriteLine(
            $"Serving http://127.0.0.1:{options.Port} (/raw /raw-endpoint /oc /static/page.html /isr/page /products/tools/hammer) " +
            $"and http://127.0.0.1:{options.Port + 1} (/isr-disk/page); /healthz on both turns 200 when pre-rendering is done. Ctrl+C stops.");

        await Task.WhenAll(memoryHost.WaitForShutdownAsync(), diskHost.WaitForShutdownAsync()).ConfigureAwait(false);
        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(options.CacheDirectory, recursive: true);
        }

        return 0;
    }

    private static WebApplication Build(int port, string contentRoot, string staticFolder, string isrPrefix, long? memoryLimitBytes)
    {
        var builder = BenchHosting.CreateBuilder(port, contentRoot);
        builder.Services.AddOutputCache();
        builder.Services.AddStaticParams(isr =>
        {
            isr.CacheDirectory = Path.Combine(contentRoot, "isr-cache");
            isr.ServeBeforeRouting = BenchPage.ServeBeforeRouting;
            if (memoryLimitBytes is { } limit)
            {
                isr.MemoryLimitBytes = limit;
            }
        });

        var app = builder.Build();
        app.Use((context, next) => context.Request.Path == "/raw" ? BenchHosting.WriteRawAsync(context) : next(context));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(staticFolder), RequestPath = "/static" });
        app.UseRouting();
        app.UseOutputCache();
        app.UseStaticParams();

        app.MapGet("/raw-endpoint", BenchHosting.WriteRawAsync);
        app.MapGet("/oc", BenchHosting.WriteRawAsync).CacheOutput(policy => policy.Expire(TimeSpan.FromDays(1)));
        app.MapGet(isrPrefix + "/page", BenchHosting.WriteRawAsync).WithStaticParams();
        app.MapGet("/products/{category}/{id}", BenchHosting.WriteRawAsync)
            .WithStaticParams(_ => [new RouteValueDictionary { ["category"] = "tools", ["id"] = "hammer" }]);
        app.MapGet(isrPrefix + "-stale/page", WriteAfterSlowRegenerationAsync).WithStaticParams().WithRevalidate(TimeSpan.FromSeconds(1));
        app.MapHealthChecks("/healthz");
        return app;
    }
}
