using IsrMiddleware;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Access;
using IsrMiddleware.Status;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the status page: what the cache holds, how it is doing, and revalidation from a browser.</summary>
public static class StatusEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {pattern}</c> (HTML), <c>GET {pattern}/status.json</c> and <c>POST {pattern}/revalidate</c> (the
    /// page's forms). Routes, pages (filter with <c>route</c>, <c>state</c>, <c>tag</c>; page with <c>page</c> and
    /// <c>size</c>), totals and a chart of the last minutes. The endpoints are open unless protected: call
    /// <c>RequireRevalidationSecret()</c> (with <c>AddAuthentication().AddRevalidationSecret()</c>) or
    /// <c>RequireAuthorization(...)</c> on the returned builder. The forms carry a token derived from the revalidation
    /// secret, so that every instance sharing it accepts them. While the page store cannot be read, the page answers 503
    /// with what this instance knows, and <c>status.json</c> 503 with <c>Retry-After</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapStaticParamsStatus(this IEndpointRouteBuilder endpoints, string pattern = "/_isr")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (!pattern.StartsWith('/') || pattern.Contains('{') || pattern.Contains('?') || pattern.Contains('#'))
        {
            throw new ArgumentException($"The status page's pattern '{pattern}' must be a literal path starting with '/'.", nameof(pattern));
        }

        var basePath = pattern.TrimEnd('/');
        var services = endpoints.ServiceProvider;
        var revalidator = LibraryServices.Get<IPageRevalidator>(services, "MapStaticParamsStatus");
        var reader = ActivatorUtilities.CreateInstance<StatusReader>(services);
        var handler = new StatusEndpointHandler(reader, ActivatorUtilities.CreateInstance<StatusActionGuard>(services), revalidator);

        var group = endpoints.MapGroup(basePath.Length == 0 ? "/" : basePath);
        group.MapGet(string.Empty, (HttpContext context) => handler.HtmlAsync(context, basePath));
        group.MapGet("/status.json", (HttpContext context) => handler.JsonAsync(context));

        MethodNotAllowed.MapForPost(group, "/revalidate");

        // The form is checked by the handler itself (a token the page carries, and the origin).
        group.MapPost("/revalidate", (HttpContext context) => handler.RevalidateAsync(context, basePath)).DisableAntiforgery();
        return group;
    }
}
