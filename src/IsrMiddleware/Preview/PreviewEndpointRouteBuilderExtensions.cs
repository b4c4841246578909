using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Preview;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the preview (draft mode) endpoints.</summary>
public static class PreviewEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET|POST {pattern}?path=/some/page</c>: with the revalidation secret (header <c>X-Revalidate-Secret</c> or
    /// <c>secret=</c>) it sets the signed, expiring preview cookie and redirects to <c>path</c> (default <c>/</c>); 401
    /// without the right secret, 400 for a path that is not local, 429 past <c>RevalidateRequestsPerMinute</c>. And
    /// <c>GET|POST {pattern}/exit?path=...</c>, which deletes the cookie and redirects. While the cookie is valid, static
    /// routes are rendered live for that browser (<c>HttpContext.IsPreview()</c>). Throws when no secret is configured.
    /// </summary>
    public static IEndpointConventionBuilder MapPreviewEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/api/preview")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var handler = endpoints.ServiceProvider.GetRequiredService<PreviewEndpointHandler>();
        if (!handler.HasSecret)
        {
            throw new InvalidOperationException(
                $"MapPreviewEndpoint(\"{pattern}\") needs StaticParamsOptions.RevalidateSecret: set a secret, or do not map the endpoint.");
        }

        string[] methods = [HttpMethods.Get, HttpMethods.Post];
        var group = endpoints.MapGroup(pattern);
        group.MapMethods(string.Empty, methods, (HttpContext context) => handler.Enter(context)).DisableAntiforgery();
        group.MapMethods("/exit", methods, (HttpContext context) => handler.Exit(context)).DisableAntiforgery();
        return group;
    }
}
