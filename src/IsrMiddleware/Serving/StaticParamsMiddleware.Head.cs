using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Serving;

internal sealed partial class StaticParamsMiddleware
{
    // The endpoint routing picks when a path matches but the method does not (HttpMethodMatcherPolicy).
    internal const string MethodNotAllowedEndpointName = "405 HTTP Method Not Supported";

    /// <summary>
    /// HEAD for every static route whatever the app model: a minimal-API <c>MapGet</c> or a Razor component endpoint
    /// matches GET only, so routing found no endpoint (or its 405 one) for HEAD. The request is routed again as GET;
    /// when that finds a static route it is answered as one (headers only).
    /// </summary>
    private async Task HeadAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (_order.Rematch is not { } rematch || !(endpoint is null || (endpoint is not RouteEndpoint && endpoint.DisplayName == MethodNotAllowedEndpointName)))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        var routeValues = request.RouteValues;
        request.Method = HttpMethods.Get;
        context.SetEndpoint(null);
        request.RouteValues = new RouteValueDictionary();
        try
        {
            await rematch(context).ConfigureAwait(false);
        }
        finally
        {
            request.Method = HttpMethods.Head;
        }

        if (_resolver.Resolve(context.GetEndpoint()) is { } route)
        {
            await ServeRouteAsync(context, route).ConfigureAwait(false);
            return;
        }

        context.SetEndpoint(endpoint);
        request.RouteValues = routeValues;
        await _next(context).ConfigureAwait(false);
    }
}
