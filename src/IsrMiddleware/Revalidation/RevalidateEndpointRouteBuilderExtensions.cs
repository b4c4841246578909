using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using IsrMiddleware;
using IsrMiddleware.Access;
using IsrMiddleware.Revalidation;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the on-demand revalidation endpoint.</summary>
public static class RevalidateEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}</c>: header <c>X-Revalidate-Secret</c> (compared in constant time with
    /// <c>StaticParamsOptions.RevalidateSecret</c>), repeated <c>path=</c>, <c>tag=</c> and <c>prefix=</c>, optional
    /// <c>mode=lazy|eager</c> and <c>onlyStored=true</c>, from the query and a form, or a JSON body. Answers 200 with
    /// each target and the pages it revalidated, 401 without the right secret, 400 without a target or past
    /// <c>MaxRevalidationTargets</c>, 429 past <c>RevalidateRequestsPerMinute</c>, 405 to other methods. Without a configured secret the host does not
    /// start (a static export, which never answers on it, runs).
    /// </summary>
    public static RouteHandlerBuilder MapRevalidateEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/api/revalidate")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var handler = LibraryServices.Get<RevalidateEndpointHandler>(endpoints.ServiceProvider, "MapRevalidateEndpoint");
        if (!handler.HasSecret)
        {
            // Checked when the site starts to serve: a static export maps the endpoint but never answers on it.
            LibraryServices.Get<StartupChecks>(endpoints.ServiceProvider, "MapRevalidateEndpoint").Add(
                $"MapRevalidateEndpoint(\"{pattern}\") needs StaticParamsOptions.RevalidateSecret: set a secret, or do not map the endpoint.");
        }

        MethodNotAllowed.MapForPost(endpoints, pattern);

        // The form is read by the handler itself: callers are machines holding the secret, not browsers.
        return endpoints.MapPost(pattern, (HttpRequest request) => handler.HandleAsync(request.HttpContext)).DisableAntiforgery();
    }
}
