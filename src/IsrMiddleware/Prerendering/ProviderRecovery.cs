using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;

namespace IsrMiddleware.Prerendering;

/// <summary>
/// Retries, in the background with jittered exponential backoff, the params providers that failed at start-up; once
/// one answers, its pages are declared and rendered where they are not stored fresh.
/// </summary>
internal sealed class ProviderRecovery(
    ParamsExpander expander,
    DeclaredPages declaredPages,
    PageGenerator generator,
    TimeProvider time,
    ILogger<ProviderRecovery> logger)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    public async Task RecoverAsync(StaticRoute route, CancellationToken cancellationToken)
    {
        var retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<ParamsProviderException>(),
                OnRetry = arguments =>
                {
                    PrerenderLog.ProviderRetryFailed(logger, route.DisplayPattern, arguments.AttemptNumber + 1, arguments.RetryDelay, arguments.Outcome.Exception!);
                    return default;
                },
            })
            .Build();

        IReadOnlyList<string> keys;
        try
        {
            keys = await retry.ExecuteAsync(async token => await expander.ExpandAsync(route, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        declaredPages.Add(route, keys);
        PrerenderLog.ProviderRecovered(logger, route.DisplayPattern, keys.Count);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await generator.GenerateAsync(route, key, declared: true, RenderReason.Prerender).ConfigureAwait(false);
        }
    }
}
