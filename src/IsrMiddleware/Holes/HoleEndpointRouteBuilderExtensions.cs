using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using IsrMiddleware;
using IsrMiddleware.Holes;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint an ESI-capable cache includes live holes from.</summary>
public static class HoleEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {prefix}/{name}?page=/path&amp;slot=N</c>, which renders one hole for the request
    /// (<c>Cache-Control: private, no-store</c>). Once it is mapped, a request that says it comes from an ESI-capable
    /// cache (<c>Surrogate-Capability: ...="ESI/1.0"</c>) gets a page with holes as its cacheable shell, each hole an
    /// <c>&lt;esi:include&gt;</c> of this endpoint, with <c>Surrogate-Control: content="ESI/1.0"</c>.
    /// </summary>
    public static RouteHandlerBuilder MapHoleEndpoint(this IEndpointRouteBuilder endpoints, string prefix = "/_isr/holes")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (!prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains('{', StringComparison.Ordinal) || prefix.Contains('?', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The hole endpoint prefix '{prefix}' must be a literal path such as /_isr/holes.", nameof(prefix));
        }

        var handler = LibraryServices.Get<HoleEndpointHandler>(endpoints.ServiceProvider, "MapHoleEndpoint");
        LibraryServices.Get<HoleEndpointAddress>(endpoints.ServiceProvider, "MapHoleEndpoint").Path = prefix;
        return endpoints.MapGet(prefix + "/{name}", (HttpContext context, string name) => handler.HandleAsync(context, name));
    }
}
