using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Export;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the live app's sitemap.</summary>
public static class SitemapEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET</c> <paramref name="pattern"/> (default <c>/sitemap.xml</c>) to a sitemap of every declared and
    /// stored page on the canonical origin, with <c>lastmod</c> from the stored version's render. Needs <c>AddStaticParams</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapSitemap(this IEndpointRouteBuilder endpoints, string pattern = "/sitemap.xml")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        return endpoints.MapGet(pattern, (HttpContext context) =>
            ActivatorUtilities.GetServiceOrCreateInstance<LiveSitemap>(context.RequestServices).WriteAsync(context))
            .WithDisplayName("Sitemap");
    }
}
