using Microsoft.AspNetCore.Http;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Serving;

/// <summary>
/// Serves a stored page before routing (<see cref="StaticParamsOptions.ServeBeforeRouting"/>): a GET or HEAD whose
/// path is a declared page of an eligible route (<see cref="FastPathMap"/>), with no preview cookie, that the engine
/// answers by serving the stored version. It is written by the routed path's own <see cref="PageServer.ServeStoredAsync"/>;
/// anything else (a miss, an expired page, a render, a page not yet in the map) goes on to the app's pipeline unchanged.
/// </summary>
internal sealed class FastPathMiddleware(RequestDelegate next, FastPathMap map, PageEngine engine, PageServer server, PreviewRequests preview)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var method = request.Method;
        var isGet = HttpMethods.IsGet(method);
        if (!(isGet || HttpMethods.IsHead(method))
            || request.Path.Value is not { } path
            || map.Find(path) is not { } entry
            || !(isGet || entry.Head)
            || preview.IsPreview(context))
        {
            return next(context);
        }

        var pending = engine.LookupAsync(entry.Route, entry.Key, new AcceptedEncodings(request.Headers.AcceptEncoding), context.RequestAborted);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitLookupAsync(context, entry, pending);
        }

        var lookup = pending.Result;
        return Answers(lookup) ? Serve(context, entry, lookup) : next(context);
    }

    private async Task AwaitLookupAsync(HttpContext context, FastPathEntry entry, ValueTask<PageLookup> pending)
    {
        PageLookup lookup;
        try
        {
            lookup = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The routed path answers what the engine could not decide.
            await next(context).ConfigureAwait(false);
            return;
        }

        await (Answers(lookup) ? Serve(context, entry, lookup) : next(context)).ConfigureAwait(false);
    }

    /// <summary>
    /// Only a stored version without live holes: a hole renders with the request as the app's middleware leaves it
    /// (its user above all), which before routing it is not yet.
    /// </summary>
    private static bool Answers(PageLookup lookup) => lookup.Action == PageAction.Serve && !lookup.Page!.Holes.HasHoles;

    private Task Serve(HttpContext context, FastPathEntry entry, PageLookup lookup)
    {
        // The endpoint routing would have chosen: the host's request metrics and logs name the same route.
        context.SetEndpoint(entry.Route.Endpoint);
        return server.ServeStoredAsync(context, entry.Route, entry.Key, lookup);
    }
}
