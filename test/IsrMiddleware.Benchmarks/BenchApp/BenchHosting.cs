using System.Net;
using IsrMiddleware.Benchmarks;

namespace IsrMiddleware.BenchApp;

/// <summary>What every bench host shares: Production, Kestrel on 127.0.0.1 only, warnings-only console logs.</summary>
internal static class BenchHosting
{
    public static WebApplicationBuilder CreateBuilder(int port, string contentRoot)
    {
        Directory.CreateDirectory(contentRoot);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The library caches nothing in Development; never let an environment variable turn it into that.
            EnvironmentName = Environments.Production,
            ContentRootPath = contentRoot,
        });

        // Logging at Information writes a console line per render and per request: that would measure the console.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // The benchmarks poll /healthz while pre-rendering runs; every unhealthy answer would log an error.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        return builder;
    }

    /// <summary>The preallocated page, with its length: what "raw Kestrel" means in the performance issue.</summary>
    public static async Task WriteRawAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = BenchPage.ContentType;
        response.ContentLength = BenchPage.Bytes.Length;
        await response.BodyWriter.WriteAsync(BenchPage.Bytes).ConfigureAwait(false);
    }
}
