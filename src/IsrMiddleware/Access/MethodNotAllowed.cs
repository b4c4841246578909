using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Access;

/// <summary>
/// Answers 405 with <c>Allow</c> for the other methods on a POST-only path. Routing answers 405 by itself only when no
/// other endpoint takes the method: a GET fallback (<c>MapStaticAssets</c>, <c>MapFallbackToFile</c>) would turn it into 404.
/// </summary>
internal static class MethodNotAllowed
{
    private static readonly string[] OtherMethods = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static void MapForPost(IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapMethods(pattern, OtherMethods, (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).DisableAntiforgery().ExcludeFromDescription();
}
