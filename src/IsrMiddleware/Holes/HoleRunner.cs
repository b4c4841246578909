using System.Text;
using System.Text.Encodings.Web;
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

    public async Task<byte[]?> RenderAsync(HttpContext live, string name, string pagePath, CancellationToken aborted)
    {
        var limit = options.Value.Holes.Timeout;
        using var deadline = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token);

        // Called in place, as the framework calls an endpoint: a renderer that answers at once costs no thread hop; one
        // that waits is left behind at the deadline (one that blocks its thread is as harmful here as anywhere).
        var run = RunAsync(live, name, pagePath, linked.Token);
        try
        {
            var html = run.IsCompletedSuccessfully ? run.Result : await run.WaitAsync(linked.Token).ConfigureAwait(false);
            metrics.HoleRendered("rendered");
            return html;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Observe(run);
            metrics.HoleRendered("timed-out");
            if (_failureLog.ShouldLog(out var suppressed))
            {
                HoleLog.TimedOut(logger, name, pagePath, limit, suppressed);
            }

            return null;
        }
        catch (Exception ex)
        {
            metrics.HoleRendered("failed");
            if (_failureLog.ShouldLog(out var suppressed))
            {
                HoleLog.Failed(logger, name, pagePath, suppressed, ex);
            }

            return null;
        }
    }

    private async Task<byte[]> RunAsync(HttpContext live, string name, string pagePath, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var renderer = scope.ServiceProvider.GetRequiredKeyedService<IHoleRenderer>(name);
            var context = new HoleContext(IsolatedHoleContext.Create(live, scope.ServiceProvider), name, pagePath);
            var content = await renderer.RenderAsync(context, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                return [];
            }

            using var writer = new StringWriter();
            content.WriteTo(writer, HtmlEncoder.Default);
            return Encoding.UTF8.GetBytes(writer.ToString());
        }
    }

    /// <summary>A renderer abandoned at its deadline may still fault: observe it so it is not reported as unobserved.</summary>
    private static void Observe(Task run) =>
        run.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
