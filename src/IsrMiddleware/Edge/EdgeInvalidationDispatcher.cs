using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Edge;

/// <summary>
/// Drains <see cref="EdgeInvalidationQueue"/>: waits one coalescing window after the first change, gathers everything
/// queued meanwhile into distinct keys and paths, and sends it to every invalidator in calls of a bounded size, at most
/// <see cref="EdgeOptions.MaxConcurrentCalls"/> at once, each retried through Polly. Failures are counted and logged at
/// a bounded rate.
/// </summary>
internal sealed class EdgeInvalidationDispatcher(
    EdgeInvalidationQueue queue,
    IEnumerable<IEdgeInvalidator> invalidators,
    IOptions<StaticParamsOptions> options,
    EdgeMetrics metrics,
    TimeProvider time,
    ILogger<EdgeInvalidationDispatcher> logger) : BackgroundService
{
    private readonly LogThrottle _failureLog = new(time, TimeSpan.FromSeconds(30));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var targets = invalidators.ToArray();
        var settings = options.Value.Edge;
        var pipeline = BuildPipeline(settings);
        var slots = new SemaphoreSlim(settings.MaxConcurrentCalls, settings.MaxConcurrentCalls);
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (targets.Length > 0 && settings.CoalescingWindow > TimeSpan.Zero)
                {
                    await Task.Delay(settings.CoalescingWindow, time, stoppingToken).ConfigureAwait(false);
                }

                var batch = new EdgeBatch();
                while (reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                if (targets.Length == 0)
                {
                    continue;
                }

                foreach (var invalidation in batch.Split(settings.MaxKeysPerCall))
                {
                    foreach (var target in targets)
                    {
                        await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                        _ = SendAsync(target, invalidation, pipeline, slots, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(IEdgeInvalidator target, EdgeInvalidation invalidation, ResiliencePipeline pipeline, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var name = target.GetType().Name;
        try
        {
            await pipeline.ExecuteAsync(
                static (state, token) => new ValueTask(state.target.InvalidateAsync(state.invalidation, token)),
                (target, invalidation),
                stoppingToken).ConfigureAwait(false);
            metrics.Called(name, succeeded: true, invalidation.SurrogateKeys.Count);
            EdgeLog.Invalidated(logger, name, invalidation.SurrogateKeys.Count, invalidation.Paths.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            metrics.Called(name, succeeded: false, invalidation.SurrogateKeys.Count);
            if (_failureLog.ShouldLog(out var suppressed))
            {
                EdgeLog.InvalidationFailed(logger, name, invalidation.SurrogateKeys.Count, invalidation.Paths.Count, suppressed, ex);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private ResiliencePipeline BuildPipeline(EdgeOptions settings)
    {
        var builder = new ResiliencePipelineBuilder { Name = "isr-edge", TimeProvider = time };
        if (settings.Retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(settings.Retry);
        }

        if (settings.CallTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(settings.CallTimeout);
        }

        return builder.Build();
    }
}
