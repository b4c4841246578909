using Microsoft.Extensions.Diagnostics.HealthChecks;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Prerendering;

/// <summary>Unhealthy until start-up pre-rendering has finished: a readiness signal for load balancers.</summary>
internal sealed class PrerenderHealthCheck(PrerenderState state) : IHealthCheck
{
    public const string Name = "static-params-prerender";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = state switch
        {
            { Error: { } error } => HealthCheckResult.Unhealthy("Pre-rendering failed.", error),
            { IsCompleted: true } => HealthCheckResult.Healthy($"Pre-rendering done: {state.Total} pages."),
            _ => HealthCheckResult.Unhealthy($"Pre-rendering: {state.Done}/{state.Total} pages."),
        };
        return Task.FromResult(result);
    }
}
