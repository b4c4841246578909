using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace SampleSite.Operating;

/// <summary>The library's meter through OpenTelemetry: a Prometheus scrape endpoint, and OTLP when an endpoint is configured.</summary>
internal static class SampleSiteTelemetry
{
    /// <summary>The environment variable (or configuration key) that turns the OTLP exporter on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Collects the <c>IsrMiddleware</c> meter (<c>isr.requests</c>, <c>isr.renders</c>, ...) for <c>GET /metrics</c>,
    /// and pushes it over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other <c>OTEL_*</c> variables apply).
    /// </summary>
    public static WebApplicationBuilder AddSampleSiteTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("IsrMiddleware.SampleSite"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(IsrMiddleware.IsrTelemetry.MeterName);
                metrics.AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>
    /// Maps <c>GET /metrics</c> in the Prometheus text format, for the operator only: the same protection as the status
    /// page (the revalidation secret as header <c>X-Revalidate-Secret</c> or HTTP Basic password), 401 without it.
    /// </summary>
    public static IEndpointConventionBuilder MapSampleSiteMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint("/metrics").RequireRevalidationSecret();
}
