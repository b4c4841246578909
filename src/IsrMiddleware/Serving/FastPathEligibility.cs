using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;

namespace IsrMiddleware.Serving;

/// <summary>
/// Which static routes may be answered before routing: those whose routed answer depends on no middleware that reads
/// the endpoint. A route requiring authorization (its own metadata or the app's fallback policy), or carrying CORS,
/// rate-limiting, output-caching, host or short-circuit metadata, never is; nor is any route when the app has a global
/// rate limiter or a host-bound endpoint (matching by host cannot be decided from the path).
/// </summary>
internal static class FastPathEligibility
{
    /// <summary>Why serving before routing is off for the whole app, or <see langword="null"/>.</summary>
    public static string? AppWideReason(IServiceProvider services, EndpointDataSource endpoints)
    {
        if (services.GetService<IOptions<RateLimiterOptions>>()?.Value.GlobalLimiter is not null)
        {
            return "the app has a global rate limiter";
        }

        foreach (var endpoint in endpoints.Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<IHostMetadata>() is { Hosts.Count: > 0 })
            {
                return $"endpoint '{endpoint.DisplayName}' is bound to hosts";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="route"/> keeps to the routed path, or <see langword="null"/> when it may be served before it.</summary>
    public static string? Reason(StaticRoute route, bool hasFallbackAuthorizationPolicy)
    {
        var metadata = route.Endpoint.Metadata;
        if (metadata.GetMetadata<IAuthorizeData>() is not null)
        {
            return "authorization";
        }

        if (hasFallbackAuthorizationPolicy && metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            return "the fallback authorization policy";
        }

        return metadata.GetMetadata<ICorsMetadata>() is not null ? "CORS"
            : metadata.GetMetadata<EnableRateLimitingAttribute>() is not null || metadata.GetMetadata<DisableRateLimitingAttribute>() is not null ? "rate limiting"
            : metadata.GetMetadata<IOutputCachePolicy>() is not null || metadata.GetMetadata<OutputCacheAttribute>() is not null ? "output caching"
            : metadata.GetMetadata<IHostMetadata>() is not null ? "host matching"
            // The framework's ShortCircuitMetadata (routing runs such an endpoint at once) is internal: known by its name.
            : metadata.Any(item => item.GetType().Name == "ShortCircuitMetadata") ? "short circuit"
            : null;
    }
}
