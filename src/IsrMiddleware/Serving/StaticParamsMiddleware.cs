using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Edge;
using IsrMiddleware.Hosting;
using IsrMiddleware.Prerendering;
using IsrMiddleware.Preview;
using IsrMiddleware.Rendering;
using IsrMiddleware.Revalidation;
using IsrMiddleware.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Serving;

/// <summary>
/// Serves static routes from the cache and applies the unknown-params policy on a miss. Everything else (other
/// endpoints, methods other than GET and HEAD, re-executed requests) passes straight through.
/// </summary>
internal sealed class StaticParamsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly StaticRouteResolver _resolver;
    private readonly KnownPages _known;
    private readonly PageCache _cache;
    private readonly PageGenerator _generator;
    private readonly FallbackShells _shells;
    private readonly NotFoundMarkers _notFound;
    private readonly BotDetector _bots;
    private readonly DevelopmentRequests _development;
    private readonly StaticParamsMode _mode;
    private readonly RegenerationBackoff _backoff;
    private readonly OnDemandPages _onDemand;
    private readonly IsrMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly IOptions<StaticParamsOptions> _options;
    private readonly SurrogateKeyHeaders _surrogateKeys;
    private readonly PreviewRequests _preview;

    public StaticParamsMiddleware(
        RequestDelegate next,
        RenderPipeline pipeline,
        StaticRouteResolver resolver,
        KnownPages known,
        PageCache cache,
        PageGenerator generator,
        FallbackShells shells,
        NotFoundMarkers notFound,
        BotDetector bots,
        DevelopmentRequests development,
        StaticParamsMode mode,
        RegenerationBackoff backoff,
        OnDemandPages onDemand,
        IsrMetrics metrics,
        TimeProvider time,
        IOptions<StaticParamsOptions> options,
        SurrogateKeyHeaders surrogateKeys,
        PreviewRequests preview)
    {
        _next = next;
        _resolver = resolver;
        _known = known;
        _cache = cache;
        _generator = generator;
        _shells = shells;
        _notFound = notFound;
        _bots = bots;
        _development = development;
        _mode = mode;
        _backoff = backoff;
        _onDemand = onDemand;
        _metrics = metrics;
        _time = time;
        _options = options;
        _surrogateKeys = surrogateKeys;
        _preview = preview;
        pipeline.Attach(next);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!(HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) || IsReExecuted(context))
        {
            return _next(context);
        }

        var route = _resolver.Resolve(context.GetEndpoint());
        if (route is null)
        {
            return _next(context);
        }

        if (_preview.IsPreview(context))
        {
            return _preview.ServeAsync(context, _next);
        }

        return _mode.Caches ? ServeAsync(context, route) : _development.HandleAsync(context, route, _next);
    }

    private async Task ServeAsync(HttpContext context, StaticRoute route)
    {
        if (!route.Binder.TryGetKey(context.Request, out var key) || key.Length > _options.Value.MaxKeyLength)
        {
            NotFound(context);
            return;
        }

        try
        {
            await _known.WhenReady.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var page = await _cache.GetAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (page is not null)
        {
            await ServeStoredAsync(context, route, key, page).ConfigureAwait(false);
            return;
        }

        var declared = _known.IsDeclared(key);
        if (!declared && _notFound.Contains(key))
        {
            NotFound(context);
            return;
        }

        var policy = declared ? UnknownParams.Blocking : route.UnknownParams;
        if (policy == UnknownParams.Fallback && _bots.IsBot(context.Request))
        {
            policy = UnknownParams.Blocking;
        }

        switch (policy)
        {
            case UnknownParams.Blocking:
                await RenderAndServeAsync(context, route, key, declared).ConfigureAwait(false);
                break;
            case UnknownParams.Fallback:
                await ServeFallbackAsync(context, route, key).ConfigureAwait(false);
                break;
            default:
                NotFound(context);
                break;
        }
    }

    private async Task ServeStoredAsync(HttpContext context, StaticRoute route, string key, StoredPage page)
    {
        var age = _time.GetUtcNow() - page.GeneratedAt;
        if (age >= _options.Value.Expire)
        {
            // Past the stale window: never served again; the request waits for a new version.
            await RenderAndServeAsync(context, route, key, page.Declared, page).ConfigureAwait(false);
            return;
        }

        var isStale = page.MarkedStale || (route.Revalidate is { } revalidate && age >= revalidate);
        if (isStale && _backoff.CanAttempt(key))
        {
            _generator.GenerateInBackground(route, key, page.Declared, RenderReason.Revalidate, page);
        }

        if (!page.Declared)
        {
            _onDemand.Touch(key);
        }

        _metrics.Request(isStale ? "stale" : "hit");
        _surrogateKeys.Write(context.Response, page);
        await PageResponseWriter.WritePageAsync(context, page, isStale ? CacheHeaders.Stale : CacheHeaders.Hit, route.CacheControl)
            .ConfigureAwait(false);
    }

    private async Task RenderAndServeAsync(HttpContext context, StaticRoute route, string key, bool declared, StoredPage? seen = null)
    {
        _metrics.Request("miss");
        var generation = await _generator.GenerateAsync(route, key, declared, RenderReason.Blocking, seen)
            .WaitAsync(context.RequestAborted).ConfigureAwait(false);
        switch (generation)
        {
            case { Outcome: RenderOutcome.Page or RenderOutcome.Redirect, Page: { } page }:
                _surrogateKeys.Write(context.Response, page);
                await PageResponseWriter.WritePageAsync(context, page, CacheHeaders.Miss, route.CacheControl).ConfigureAwait(false);
                break;
            case { Outcome: RenderOutcome.NotFound, Render: { } render }:
                context.Response.Headers.CacheControl = CacheHeaders.NoStore;
                await PageResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, render.ContentType, [], render.Body).ConfigureAwait(false);
                break;
            default:
                // Not storable (user-specific or failed): the live request runs the endpoint itself, uncached, so the
                // app's own error handling and cookies apply.
                await _next(context).ConfigureAwait(false);
                break;
        }
    }

    private async Task ServeFallbackAsync(HttpContext context, StaticRoute route, string key)
    {
        _generator.GenerateInBackground(route, key, declared: false, RenderReason.Fallback);

        var shell = await _shells.GetAsync(route, key).WaitAsync(context.RequestAborted).ConfigureAwait(false);
        if (shell is null)
        {
            await RenderAndServeAsync(context, route, key, declared: false).ConfigureAwait(false);
            return;
        }

        _metrics.Request("fallback");
        var headers = context.Response.Headers;
        headers[CacheHeaders.CacheStatus] = CacheHeaders.Fallback;
        headers.CacheControl = CacheHeaders.NoStore;
        headers["Refresh"] = _options.Value.FallbackRefreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await PageResponseWriter.WriteAsync(context, StatusCodes.Status200OK, shell.ContentType, shell.Headers, shell.Body).ConfigureAwait(false);
    }

    /// <summary>A 404 that no shared cache may keep: the page may exist after a later render or revalidation.</summary>
    private void NotFound(HttpContext context)
    {
        _metrics.Request("not-found");
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.Headers.CacheControl = CacheHeaders.NoStore;
    }

    private static bool IsReExecuted(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
}
