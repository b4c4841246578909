using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Serving;

/// <summary>
/// Serves static routes from the cache and applies the unknown-params policy on a miss. Everything else (other
/// endpoints, methods other than GET and HEAD, re-executed requests) passes straight through.
/// </summary>
internal sealed partial class StaticParamsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly StaticRouteResolver _resolver;
    private readonly PageServer _server;
    private readonly PreviewRequests _preview;
    private readonly DevelopmentRequests _development;
    private readonly IOptions<StaticParamsOptions> _options;
    private readonly PipelineOrder _order;

    public StaticParamsMiddleware(
        RequestDelegate next,
        RenderPipeline pipeline,
        StaticRouteResolver resolver,
        PageServer server,
        PreviewRequests preview,
        DevelopmentRequests development,
        IOptions<StaticParamsOptions> options,
        PipelineOrder order)
    {
        _next = next;
        _resolver = resolver;
        _server = server;
        _preview = preview;
        _development = development;
        _options = options;
        _order = order;
        pipeline.Attach(next);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!(HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) || IsReExecuted(context))
        {
            return _next(context);
        }

        var endpoint = context.GetEndpoint();
        var route = _resolver.Resolve(endpoint);
        if (route is null)
        {
            if (_resolver.AliasOf(endpoint) is { } canonicalRoute && canonicalRoute.Binder.TryGetKey(context.Request.RouteValues, out var key))
            {
                // One URL per page: a Razor page's other route (/Index) answers with its declared one (/).
                CanonicalPath.WriteRedirect(context, CanonicalPath.Key(key));
                return Task.CompletedTask;
            }

            return HttpMethods.IsHead(method) ? HeadAsync(context) : _next(context);
        }

        return ServeRouteAsync(context, route);
    }

    private Task ServeRouteAsync(HttpContext context, StaticRoute route)
    {
        if (CanonicalPath.Redirect(context.Request.Path.Value, _options.Value.TrailingSlash) is { } canonical)
        {
            CanonicalPath.WriteRedirect(context, canonical);
            return Task.CompletedTask;
        }

        if (_preview.IsPreview(context))
        {
            return _preview.ServeAsync(context, _next);
        }

        if (_development.Applies)
        {
            return _development.HandleAsync(context, route, _next);
        }

        // A route that requires authorization is answered from the cache only after the authorization middleware let this request through.
        return PipelineOrder.MayServe(context, route) ? _server.ServeAsync(context, route, _next) : _next(context);
    }

    private static bool IsReExecuted(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
}
