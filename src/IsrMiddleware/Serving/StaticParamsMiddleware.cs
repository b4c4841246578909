using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Engine;
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
    private readonly DeclaredPages _known;
    private readonly PageCache _cache;
    private readonly PageGenerator _generator;
    private readonly FallbackShells _shells;
    private readonly NotFoundMarkers _notFound;
    private readonly BotDetector _bots;
    private readonly DevelopmentRequests _development;
    private readonly StaticParamsMode _mode;
    private readonly FailureBackoff _backoff;
    private readonly PageFreshness _freshness;
    private readonly IsrMetrics _metrics;
    private readonly PageActivity _activity;
    private readonly IOptions<StaticParamsOptions> _options;
    private readonly PipelineOrder _order;
    private readonly UncacheablePages _uncacheable;
    private readonly SurrogateKeyHeaderWriter _surrogateKeys;
    private readonly PreviewRequests _preview;

    public StaticParamsMiddleware(
        RequestDelegate next,
        RenderPipeline pipeline,
        StaticRouteResolver resolver,
        DeclaredPages declaredPages,
        PageCache cache,
        PageGenerator generator,
        FallbackShells shells,
        NotFoundMarkers notFound,
        BotDetector bots,
        DevelopmentRequests development,
        StaticParamsMode mode,
        FailureBackoff backoff,
        PageFreshness freshness,
        IsrMetrics metrics,
        IOptions<StaticParamsOptions> options,
        PipelineOrder order,
        UncacheablePages uncacheable,
        PageActivity activity,
        SurrogateKeyHeaderWriter surrogateKeys,
        PreviewRequests preview)
    {
        _next = next;
        _resolver = resolver;
        _known = declaredPages;
        _cache = cache;
        _generator = generator;
        _shells = shells;
        _notFound = notFound;
        _bots = bots;
        _development = development;
        _mode = mode;
        _backoff = backoff;
        _freshness = freshness;
        _metrics = metrics;
        _activity = activity;
        _options = options;
        _order = order;
        _uncacheable = uncacheable;
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

        if (!_mode.Caches)
        {
            return _development.HandleAsync(context, route, _next);
        }

        // A route that requires authorization is answered from the cache only after the authorization middleware let this request through.
        return PipelineOrder.MayServe(context, route) ? ServeAsync(context, route) : _next(context);
    }

    private async Task ServeAsync(HttpContext context, StaticRoute route)
    {
        if (!route.Binder.TryGetKey(context.Request, out var key) || key.Length > _options.Value.MaxKeyLength)
        {
            NotFound(context);
            return;
        }

        key = CanonicalPath.Key(key);

        try
        {
            await _known.WhenReady.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var declared = _known.IsDeclared(key);
        if (!declared && route.UnknownParams == UnknownParams.NotFound)
        {
            // The declared set is the truth: a page its provider no longer returns is gone, even if still stored.
            NotFound(context);
            return;
        }

        var page = await _cache.GetAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (page is not null && string.Equals(page.Route, route.Identity, StringComparison.Ordinal))
        {
            await ServeStoredAsync(context, route, key, page, declared).ConfigureAwait(false);
            return;
        }

        if (!declared && _notFound.Contains(key))
        {
            NotFound(context);
            return;
        }

        if (_uncacheable.IsUncacheable(key))
        {
            // A recent render said this page is not cacheable: the request runs the endpoint once, with no capture first.
            await _next(context).ConfigureAwait(false);
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

    private async Task ServeStoredAsync(HttpContext context, StaticRoute route, string key, StoredPage page, bool declared)
    {
        var state = _freshness.Evaluate(route, page, out var age);
        if (state == PageState.Expired)
        {
            // Past the stale window: never served again; the request waits for a new version.
            await RenderAndServeAsync(context, route, key, declared, page).ConfigureAwait(false);
            return;
        }

        var isStale = state == PageState.Stale;
        if (isStale && _backoff.CanAttempt(key))
        {
            _generator.GenerateInBackground(route, key, declared, RenderReason.Revalidate, page);
        }

        if (!declared)
        {
            _cache.Touch(key);
        }

        _metrics.Request(isStale ? "stale" : "hit");
        _activity.Served(key, isStale ? ServeOutcome.Stale : ServeOutcome.Hit);
        _surrogateKeys.Write(context.Response, page);
        context.Response.Headers.Age = CacheHeaders.AgeOf(age);
        await PageResponseWriter.WritePageAsync(
            context, page, isStale ? CacheHeaders.Stale : CacheHeaders.Hit, isStale ? route.StaleCacheControl : route.CacheControl).ConfigureAwait(false);
    }

    private async Task RenderAndServeAsync(HttpContext context, StaticRoute route, string key, bool declared, StoredPage? seen = null)
    {
        _metrics.Request("miss");
        _activity.Served(key, ServeOutcome.Miss);
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
        _activity.Served(key, ServeOutcome.Fallback);
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
