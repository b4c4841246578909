using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Holes;

/// <summary>
/// Runs one hole for one live request: its renderer from a scope of its own, on an isolated context, within
/// <see cref="HoleOptions.Timeout"/>. Never throws for the renderer's faults: a failed or late hole is null (the caller
/// shows the fallback), logged and counted.
/// </summary>
internal sealed class HoleRunner(
    IServiceScopeFactory scopes, IOptions<StaticParamsOptions> options, TimeProvider time, IsrMetrics metrics, ILogger<HoleRunner> logger)
{
    private readonly LogThrottle _failureLog = new(time, TimeSpan.FromSeconds(30));

    public Task<byte[]?> RenderAsync(HttpContext live, string name, string pagePath, CancellationToken aborted)
    {
        // Armed only when the renderer waits: one that answers at once needs no timer. Called in place, as the
        // framework calls an endpoint (one that blocks its thread is as harmful here as anywhere).
        var cancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        Task<byte[]> run;
        try
        {
            run = RunAsync(live, name, pagePath, cancellation.Token);
        }
        catch (Exception ex)
        {
            run = Task.FromException<byte[]>(ex);
        }

        if (run.IsCompleted)
        {
            cancellation.Dispose();
            return Task.FromResult(Finish(run, name, pagePath));
        }

        return WaitAsync(run, cancellation, name, pagePath, aborted);
    }

    private async Task<byte[]?> WaitAsync(Task<byte[]> run, CancellationTokenSource cancellation, string name, string pagePath, CancellationToken aborted)
    {
        var limit = options.Value.Holes.Timeout;
        cancellation.CancelAfter(limit);
        using var abort = aborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), cancellation);
        try
        {
            await ((Task)run).WaitAsync(cancellation.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (aborted.IsCancellationRequested)
            {
                return null;
            }

            // A renderer that gave up when its token was cancelled at the deadline timed out too; it did not fail.
            if (run.IsCompletedSuccessfully || !cancellation.IsCancellationRequested)
            {
                return Finish(run, name, pagePath);
            }

            Observe(run);
            metrics.HoleRendered("timed-out");
            if (_failureLog.ShouldLog(out var suppressed))
            {
                HoleLog.TimedOut(logger, name, pagePath, limit, suppressed);
            }

            return null;
        }
        finally
        {
            cancellation.Dispose();
        }
    }

    private byte[]? Finish(Task<byte[]> run, string name, string pagePath)
    {
        if (run.IsCompletedSuccessfully)
        {
            metrics.HoleRendered("rendered");
            return run.Result;
        }

        metrics.HoleRendered("failed");
        if (_failureLog.ShouldLog(out var suppressed))
        {
            HoleLog.Failed(logger, name, pagePath, suppressed, run.Exception?.GetBaseException() ?? new TaskCanceledException(run));
        }

        return null;
    }

    private async Task<byte[]> RunAsync(HttpContext live, string name, string pagePath, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var renderer = scope.ServiceProvider.GetRequiredKeyedService<IHoleRenderer>(name);
            var context = new HoleContext(IsolatedHoleContext.Create(live, scope.ServiceProvider), name, pagePath);
            var pending = renderer.RenderAsync(context, cancellationToken);
            var content = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            return Utf8(content);
        }
    }

    private static byte[] Utf8(IHtmlContent? content)
    {
        switch (content)
        {
            case null:
                return [];
            case HtmlString html:
                return Encoding.UTF8.GetBytes(html.Value ?? string.Empty);
            default:
                using (var writer = new StringWriter())
                {
                    content.WriteTo(writer, HtmlEncoder.Default);
                    return Encoding.UTF8.GetBytes(writer.ToString());
                }
        }
    }

    /// <summary>A renderer abandoned at its deadline may still fault: observe it so it is not reported as unobserved.</summary>
    private static void Observe(Task run) =>
        run.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
