using Microsoft.AspNetCore.Http;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Serving;

/// <summary>
/// Development without a cache, like <c>next dev</c>: every request runs the endpoint, and a
/// <see cref="UnknownParams.NotFound"/> route asks its providers on each request whether the params exist.
/// </summary>
internal sealed class DevelopmentRequests(ParamsExpander expander, StaticParamsMode mode)
{
    /// <summary>Whether requests run uncached: Development, unless caching there was asked for.</summary>
    public bool Applies => !mode.Caches;

    public async Task HandleAsync(HttpContext context, StaticRoute route, RequestDelegate next)
    {
        if (route.UnknownParams == UnknownParams.NotFound)
        {
            var known = route.Binder.TryGetKey(context.Request, out var key)
                && (await expander.ExpandAsync(route, context.RequestAborted).ConfigureAwait(false)).Contains(key, StringComparer.Ordinal);
            if (!known)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }
}
