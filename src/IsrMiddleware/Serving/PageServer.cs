using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using IsrMiddleware.Access;
using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;

namespace IsrMiddleware.Serving;

/// <summary>
/// Answers a request of a static route from the engine's decision: the stored page (with its cache headers, surrogate
/// keys and <c>Age</c>), a render now, the fallback shell, a 404, or the endpoint itself, uncached.
/// </summary>
internal sealed class PageServer(
    PageEngine engine,
    FallbackShells shells,
    BotDetector bots,
    IsrMetrics metrics,
    PageActivity activity,
    SurrogateKeyHeaderWriter surrogateKeys,
    HolePageWriter holes,
    IOptions<StaticParamsOptions> options)
{
    public Task ServeAsync(HttpContext context, StaticRoute route, RequestDelegate next)
    {
        if (!route.Binder.TryGetKey(context.Request, out var key) || key.Length > options.Value.MaxKeyLength)
        {
            NotFound(context);
            return Task.CompletedTask;
        }

        key = CanonicalPath.Key(key);

        // A hit is decided synchronously: no state machine between the request and the page's bytes.
        var pending = engine.LookupAsync(route, key, new AcceptedEncodings(context.Request.Headers.AcceptEncoding), context.RequestAborted);
        if (pending.IsCompletedSuccessfully)
        {
            var lookup = pending.Result;
            return lookup.Action == PageAction.Serve ? ServeStoredAsync(context, route, key, lookup) : ActAsync(context, route, key, lookup, next);
        }

        return AwaitLookupAsync(context, route, key, pending, next);
    }

    private async Task AwaitLookupAsync(HttpContext context, StaticRoute route, string key, ValueTask<PageLookup> pending, RequestDelegate next)
    {
        PageLookup lookup;
        try
        {
            lookup = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Start-up could not build the declared set.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        await ActAsync(context, route, key, lookup, next).ConfigureAwait(false);
    }

    private Task ActAsync(HttpContext context, StaticRoute route, string key, PageLookup lookup, RequestDelegate next)
    {
        switch (lookup.Action)
        {
            case PageAction.Serve:
                return ServeStoredAsync(context, route, key, lookup);
            case PageAction.Render when lookup.Declared || lookup.Page is not null:
                return RenderAndServeAsync(context, route, key, lookup.Declared, next, lookup.Page);
            case PageAction.Render or PageAction.Fallback:
                var fallback = lookup.Action == PageAction.Fallback && !bots.IsBot(context.Request);
                return ServeUnknownAsync(context, route, key, fallback, next);
            case PageAction.PassThrough:
                return next(context);
            default:
                NotFound(context);
                return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Answers with a stored version the engine decided to serve: the one place that decides how a stored page is
    /// written, for requests served after routing and before it alike (metrics, status-page activity, surrogate keys,
    /// <c>Age</c>, then the page's headers, validators, encoding and ranges).
    /// </summary>
    public Task ServeStoredAsync(HttpContext context, StaticRoute route, string key, PageLookup lookup)
    {
        var page = lookup.Page!;
        var isStale = lookup.State == PageState.Stale;
        if (!lookup.Declared)
        {
            engine.Touch(key);
        }

        metrics.Request(isStale ? "stale" : "hit");
        activity.Served(key, isStale ? ServeOutcome.Stale : ServeOutcome.Hit);
        surrogateKeys.Write(context.Response, page);
        context.Response.Headers.Age = CacheHeaders.AgeOf(lookup.Age);
        var write = WritePageAsync(context, page, isStale ? CacheHeaders.Stale : CacheHeaders.Hit, isStale ? route.StaleCacheControl : route.CacheControl);
        return page.Lease is null ? write : ReturnLeaseAsync(write, page.Lease);
    }

    /// <summary>A copy read for this response alone: its pooled buffer goes back once the bytes are written.</summary>
    private static async Task ReturnLeaseAsync(Task write, IDisposable lease)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            lease.Dispose();
        }
    }

    private async Task RenderAndServeAsync(
        HttpContext context, StaticRoute route, string key, bool declared, RequestDelegate next, StoredPage? seen = null, IDisposable? slot = null)
    {
        metrics.Request("miss");
        activity.Served(key, ServeOutcome.Miss);
        var generation = await engine.GenerateAsync(route, key, declared, RenderReason.Blocking, seen, slot)
            .WaitAsync(context.RequestAborted).ConfigureAwait(false);
        switch (generation)
        {
            case { Outcome: RenderOutcome.Page or RenderOutcome.Redirect, Page: { } page }:
                surrogateKeys.Write(context.Response, page);
                await WritePageAsync(context, page, CacheHeaders.Miss, route.CacheControl).ConfigureAwait(false);
                break;
            case { Outcome: RenderOutcome.NotFound, Render: { } render }:
                context.Response.Headers.CacheControl = CacheHeaders.NoStore;
                await PageResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, render.ContentType, [], render.Body).ConfigureAwait(false);
                break;
            default:
                // Not storable (user-specific or failed): the live request runs the endpoint itself, uncached, so the
                // app's own error handling and cookies apply.
                await next(context).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A stored page, whole, or streamed with its live holes filled for this request.</summary>
    private Task WritePageAsync(HttpContext context, StoredPage page, string cacheStatus, string cacheControl) =>
        page.Holes is { HasHoles: true } layout && page.StatusCode == StatusCodes.Status200OK
            ? holes.WriteAsync(context, page, layout, cacheStatus, cacheControl)
            : PageResponseWriter.WritePageAsync(context, page, cacheStatus, cacheControl);

    /// <summary>Params no provider declared: rendered within the on-demand caps, else 429 or 503 with <c>Retry-After</c>.</summary>
    private async Task ServeUnknownAsync(HttpContext context, StaticRoute route, string key, bool fallback, RequestDelegate next)
    {
        var client = ClientPartition.Of(context);
        if (engine.TryReserveOnDemandRender(key, client, out var slot, out var retryAfter) is var refusal && refusal != OnDemandRefusal.None)
        {
            // The client's own budget is a 429; a busy server a 503 (a balancer may then try another instance).
            metrics.Request("limited");
            context.Response.StatusCode = refusal == OnDemandRefusal.ClientRate ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.CacheControl = CacheHeaders.NoStore;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return;
        }

        if (fallback)
        {
            await ServeFallbackAsync(context, route, key, next, slot).ConfigureAwait(false);
            return;
        }

        await RenderAndServeAsync(context, route, key, declared: false, next, slot: slot).ConfigureAwait(false);
    }

    private async Task ServeFallbackAsync(HttpContext context, StaticRoute route, string key, RequestDelegate next, IDisposable? slot)
    {
        engine.GenerateInBackground(route, key, isDeclared: false, RenderReason.Fallback, slot: slot);

        var shell = await shells.GetAsync(route, key).WaitAsync(context.RequestAborted).ConfigureAwait(false);
        if (shell is null)
        {
            await RenderAndServeAsync(context, route, key, declared: false, next).ConfigureAwait(false);
            return;
        }

        metrics.Request("fallback");
        activity.Served(key, ServeOutcome.Fallback);
        var headers = context.Response.Headers;
        headers[CacheHeaders.CacheStatus] = CacheHeaders.Fallback;
        headers.CacheControl = CacheHeaders.NoStore;
        headers["Refresh"] = options.Value.FallbackRefreshSeconds.ToString(CultureInfo.InvariantCulture);
        await PageResponseWriter.WriteAsync(context, StatusCodes.Status200OK, shell.ContentType, shell.Headers, shell.Body).ConfigureAwait(false);
    }

    /// <summary>A 404 that no shared cache may keep: the page may exist after a later render or revalidation.</summary>
    private void NotFound(HttpContext context)
    {
        metrics.Request("not-found");
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.Headers.CacheControl = CacheHeaders.NoStore;
    }
}
