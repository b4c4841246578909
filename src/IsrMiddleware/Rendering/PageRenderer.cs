using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Rendering;

/// <summary>
/// Renders a page in-process: a synthetic request with the endpoint and route values set, the canonical scheme and
/// host from options and no requester data runs through the rest of the pipeline; the response is captured.
/// </summary>
internal sealed class PageRenderer(
    RenderPipeline pipeline,
    IHttpContextFactory contextFactory,
    IOptions<StaticParamsOptions> options,
    TimeProvider time,
    PipelineOrder order,
    RenderRecorder recorder,
    ILogger<PageRenderer> logger)
{
    // Pre-rendering runs more pages at once than it renders, so that storing pages (file I/O) overlaps rendering;
    // this bounds the renders themselves to PrerenderParallelism.
    private readonly SemaphoreSlim _prerenderSlots = new(options.Value.PrerenderParallelism);

    public async Task<RenderResult> RenderAsync(StaticRoute route, string key, RenderReason reason, CancellationToken cancellationToken)
    {
        if (reason != RenderReason.Prerender)
        {
            return await StartRender(route, key, reason, cancellationToken).ConfigureAwait(false);
        }

        await _prerenderSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A slot freed by a render that shutdown cancelled can reach a waiter before its own cancellation does.
            cancellationToken.ThrowIfCancellationRequested();
            return await StartRender(route, key, reason, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _prerenderSlots.Release();
        }
    }

    private Task<RenderResult> StartRender(StaticRoute route, string key, RenderReason reason, CancellationToken cancellationToken)
    {
        // IHttpContextFactory writes the ambient IHttpContextAccessor slot; without suppressing the flow, a render
        // started from a live request would overwrite that request's context.
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(() => RenderCoreAsync(route, key, reason, cancellationToken), CancellationToken.None);
        }
    }

    private async Task<RenderResult> RenderCoreAsync(StaticRoute route, string key, RenderReason reason, CancellationToken cancellationToken)
    {
        using var rendering = recorder.Begin(key, reason);
        var started = time.GetTimestamp();
        var generatedAt = time.GetUtcNow();
        var isShell = reason == RenderReason.FallbackShell;
        var values = route.Binder.Match(key);
        RenderResult result;
        if (values is null)
        {
            result = RenderResult.Failure($"the key does not match the pattern '{route.DisplayPattern}'", null, generatedAt, TimeSpan.Zero);
        }
        else
        {
            result = await RunAsync(route, key, values, isShell, generatedAt, started, cancellationToken).ConfigureAwait(false);
        }

        recorder.Completed(key, reason, result, rendering);
        return result;
    }

    private async Task<RenderResult> RunAsync(
        StaticRoute route, string key, RouteValueDictionary values, bool isShell, DateTimeOffset generatedAt, long started, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.Value.RenderTimeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        var body = new MemoryStream();
        var response = new RenderResponseFeature();
        var bodyFeature = new StreamResponseBodyFeature(body);
        var renderFeature = new StaticRenderFeature(isShell);
        var features = CreateFeatures(key, response, bodyFeature, renderFeature, timeout.Token);
        var context = contextFactory.Create(features);
        context.SetEndpoint(route.Endpoint);
        context.Request.RouteValues = values;
        order.PrepareRender(context, route);

        var run = Invoke(pipeline.Next, context);
        try
        {
            await run.WaitAsync(timeout.Token).ConfigureAwait(false);
            await response.StartAsync().ConfigureAwait(false);
            await bodyFeature.CompleteAsync().ConfigureAwait(false);
            return ResponseCapture.Capture(context.Response, body.ToArray(), renderFeature, generatedAt, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return RenderResult.Failure($"the render took longer than {options.Value.RenderTimeout}", ex, generatedAt, time.GetElapsedTime(started));
        }
        catch (Exception ex)
        {
            return RenderResult.Failure("the render threw", ex, generatedAt, time.GetElapsedTime(started));
        }
        finally
        {
            _ = FinishAsync(run, context, response);
        }
    }

    /// <summary>Runs the completion callbacks (which dispose the request's scope) once the pipeline is done, even when the render was abandoned.</summary>
    private async Task FinishAsync(Task run, HttpContext context, RenderResponseFeature response)
    {
        try
        {
            await run.ConfigureAwait(false);
        }
        catch
        {
            // Already reported as the render's result.
        }

        try
        {
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RenderLog.CompletionFailed(logger, ex);
        }
        finally
        {
            contextFactory.Dispose(context);
        }
    }

    private FeatureCollection CreateFeatures(
        string key, RenderResponseFeature response, StreamResponseBodyFeature body, StaticRenderFeature render, CancellationToken aborted)
    {
        var origin = options.Value.CanonicalOrigin;
        var request = new HttpRequestFeature
        {
            Protocol = "HTTP/1.1",
            Method = HttpMethods.Get,
            Scheme = origin.Scheme,
            PathBase = string.Empty,
            Path = PathString.FromUriComponent(key).Value ?? "/",
            QueryString = string.Empty,
            RawTarget = key,
        };
        request.Headers.Host = origin.Authority;
        request.Headers.Accept = "text/html,application/xhtml+xml,*/*;q=0.8";

        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(body);
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = aborted });
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = "isr-render",
            LocalIpAddress = IPAddress.Loopback,

            // No client: an app that trusts loopback callers must not take a render for one (its output is shared).
            RemoteIpAddress = IPAddress.None,
            LocalPort = origin.Port,
        });
        features.Set(render);
        return features;
    }

    private static Task Invoke(RequestDelegate next, HttpContext context)
    {
        try
        {
            return next(context);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }
}
