using Serilog;

namespace SampleSite.Operating;

/// <summary>Serilog for the host and one log event per request, carrying the page cache's outcome.</summary>
internal static class SampleSiteLogging
{
    /// <summary>The request event's property holding the <c>X-Isr-Cache</c> response header (or <c>-</c>).</summary>
    public const string CacheProperty = "IsrCache";

    /// <summary>
    /// Serilog configured from the <c>Serilog</c> section (levels, sinks), plus any sink or enricher registered in DI.
    /// The logger belongs to this host and is disposed with it; the static <c>Log.Logger</c> is left alone, so several
    /// hosts in one process (as in <c>WebApplicationFactory</c> tests) never close each other's logger.
    /// </summary>
    public static WebApplicationBuilder AddSampleSiteLogging(this WebApplicationBuilder builder)
    {
        builder.Host.UseSerilog(
            (context, services, logger) => logger
                .ReadFrom.Configuration(context.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext(),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>One event per request: method, path, status, <c>X-Isr-Cache</c> and elapsed time.</summary>
    public static IApplicationBuilder UseSampleSiteRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger: without it the middleware would write to the static Log.Logger.
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} {" + CacheProperty + "} in {Elapsed:0.0} ms";
            options.EnrichDiagnosticContext = (diagnostics, context) =>
                diagnostics.Set(CacheProperty, context.Response.Headers["X-Isr-Cache"] is { Count: > 0 } cache ? cache.ToString() : "-");
        });
}
