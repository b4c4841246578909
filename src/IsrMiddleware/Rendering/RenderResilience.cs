using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Model;

namespace IsrMiddleware.Rendering;

/// <summary>
/// Polly pipelines for background renders: retries with jittered backoff and a circuit breaker per route. A render
/// that fails (5xx, exception, timeout) counts as a failure; an open circuit fails the render at once.
/// </summary>
internal sealed class RenderResilience(IOptions<StaticParamsOptions> options, TimeProvider time, CircuitStates circuits)
{
    private readonly ConcurrentDictionary<StaticRoute, ResiliencePipeline> _pipelines = new();

    public async Task<RenderResult> ExecuteAsync(StaticRoute route, Func<CancellationToken, Task<RenderResult>> render, CancellationToken cancellationToken)
    {
        var pipeline = _pipelines.GetOrAdd(route, Build);
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    var result = await render(token).ConfigureAwait(false);
                    return result.Outcome == RenderOutcome.Failed ? throw new RenderFailedException(result) : result;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RenderFailedException ex)
        {
            return ex.Result;
        }
        catch (BrokenCircuitException ex)
        {
            return RenderResult.Failure($"the circuit of route '{route.DisplayPattern}' is open", ex, time.GetUtcNow(), TimeSpan.Zero);
        }
    }

    private ResiliencePipeline Build(StaticRoute route)
    {
        var settings = options.Value;
        var builder = new ResiliencePipelineBuilder { Name = "isr-render", InstanceName = route.DisplayPattern, TimeProvider = time, TelemetryListener = circuits };
        if (settings.RenderRetry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(settings.RenderRetry);
        }

        return builder.AddCircuitBreaker(settings.RenderCircuitBreaker).Build();
    }

    private sealed class RenderFailedException(RenderResult result) : Exception(result.Reason, result.Error)
    {
        public RenderResult Result { get; } = result;
    }
}
