using System.ComponentModel.DataAnnotations;
using Polly;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Hosting;

internal sealed class StaticParamsOptionsValidator : IValidateOptions<StaticParamsOptions>
{
    public ValidateOptionsResult Validate(string? name, StaticParamsOptions options)
    {
        var failures = new List<string>();
        var origin = options.CanonicalOrigin;
        if (origin is null || !origin.IsAbsoluteUri || (origin.Scheme != Uri.UriSchemeHttp && origin.Scheme != Uri.UriSchemeHttps)
            || origin.AbsolutePath != "/" || origin.Query.Length > 0 || origin.Fragment.Length > 0)
        {
            failures.Add($"CanonicalOrigin '{origin}' must be an absolute http or https URI without path, query or fragment.");
        }

        if (options.CacheDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            failures.Add("CacheDirectory must not be blank.");
        }

        if (options.MemoryLimitBytes <= 0)
        {
            failures.Add($"MemoryLimitBytes {options.MemoryLimitBytes} must be positive.");
        }

        if (options.Holes is null || options.Holes.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"Holes.Timeout {options.Holes?.Timeout} must be positive.");
        }

        if (options.MaxKeyLength < 1)
        {
            failures.Add($"MaxKeyLength {options.MaxKeyLength} must be at least 1.");
        }

        if (options.MaxOnDemandPages < 1 || options.MaxOnDemandBytes < 1)
        {
            failures.Add($"MaxOnDemandPages {options.MaxOnDemandPages} and MaxOnDemandBytes {options.MaxOnDemandBytes} must be at least 1.");
        }

        if (options.PrecompressMinBytes < 0)
        {
            failures.Add($"PrecompressMinBytes {options.PrecompressMinBytes} must not be negative.");
        }

        if (options.PrerenderBusiestPages < 0)
        {
            failures.Add($"PrerenderBusiestPages {options.PrerenderBusiestPages} must not be negative.");
        }

        if (options.BackgroundPrerenderPagesPerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            failures.Add($"BackgroundPrerenderPagesPerSecond {rate} must be a positive number of pages a second.");
        }

        if (options.PrerenderParallelism < 1)
        {
            failures.Add($"PrerenderParallelism {options.PrerenderParallelism} must be at least 1.");
        }

        if (options.Expire <= TimeSpan.Zero)
        {
            failures.Add($"Expire {options.Expire} must be positive.");
        }

        if (options.RenderTimeout <= TimeSpan.Zero && options.RenderTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"RenderTimeout {options.RenderTimeout} must be positive.");
        }

        if (options.NotFoundLifetime < TimeSpan.Zero)
        {
            failures.Add($"NotFoundLifetime {options.NotFoundLifetime} must not be negative.");
        }

        if (options.UncacheableLifetime < TimeSpan.Zero)
        {
            failures.Add($"UncacheableLifetime {options.UncacheableLifetime} must not be negative.");
        }

        if (options.MaxUncacheablePages < 0)
        {
            failures.Add($"MaxUncacheablePages {options.MaxUncacheablePages} must not be negative.");
        }

        if (options.DeclaredSetRefreshInterval is { } refresh && refresh < TimeSpan.FromSeconds(1))
        {
            failures.Add($"DeclaredSetRefreshInterval {refresh} must be at least one second (or null: never on a timer).");
        }

        if (options.MaxConcurrentOnDemandRenders < 1)
        {
            failures.Add($"MaxConcurrentOnDemandRenders {options.MaxConcurrentOnDemandRenders} must be at least 1.");
        }

        if (options.OnDemandRendersPerClientPerMinute < 1)
        {
            failures.Add($"OnDemandRendersPerClientPerMinute {options.OnDemandRendersPerClientPerMinute} must be at least 1.");
        }

        if (options.MaxEagerRevalidationPages < 1)
        {
            failures.Add($"MaxEagerRevalidationPages {options.MaxEagerRevalidationPages} must be at least 1.");
        }

        if (options.MaxRevalidationTargets < 1)
        {
            failures.Add($"MaxRevalidationTargets {options.MaxRevalidationTargets} must be at least 1.");
        }

        if (options.RevalidationCoalescingWindow < TimeSpan.Zero)
        {
            failures.Add($"RevalidationCoalescingWindow {options.RevalidationCoalescingWindow} must not be negative.");
        }

        if (options.ConfirmationTimeout <= TimeSpan.Zero || options.ConfirmationTimeout > RevalidationOptions.MaxConfirmationTimeout)
        {
            failures.Add($"ConfirmationTimeout {options.ConfirmationTimeout} must be positive and at most a day.");
        }

        if (options.FallbackRefreshSeconds < 0)
        {
            failures.Add($"FallbackRefreshSeconds {options.FallbackRefreshSeconds} must not be negative.");
        }

        if (options.RenderRetry is null || options.RenderRetry.MaxRetryAttempts < 0)
        {
            failures.Add($"RenderRetry.MaxRetryAttempts {options.RenderRetry?.MaxRetryAttempts} must not be negative.");
        }

        if (options.RenderCircuitBreaker is null)
        {
            failures.Add("RenderCircuitBreaker must be set.");
        }

        if (options.RenderRetry is not null && options.RenderCircuitBreaker is not null)
        {
            try
            {
                var builder = new ResiliencePipelineBuilder();
                if (options.RenderRetry.MaxRetryAttempts > 0)
                {
                    builder.AddRetry(options.RenderRetry);
                }

                builder.AddCircuitBreaker(options.RenderCircuitBreaker).Build();
            }
            catch (ValidationException ex)
            {
                failures.Add($"RenderRetry or RenderCircuitBreaker is invalid: {ex.Message}");
            }
        }

        if (options.ProviderTimeout <= TimeSpan.Zero && options.ProviderTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"ProviderTimeout {options.ProviderTimeout} must be positive.");
        }

        if (options.BuildId is { } buildId && (buildId.Length == 0 || buildId.Length > 128 || buildId.Any(char.IsControl)))
        {
            failures.Add($"BuildId '{buildId}' must be 1 to 128 characters without control characters.");
        }

        if (options.RegenerationBackoff < TimeSpan.Zero || options.MaxRegenerationBackoff < options.RegenerationBackoff)
        {
            failures.Add($"RegenerationBackoff {options.RegenerationBackoff} must be at least zero and at most MaxRegenerationBackoff {options.MaxRegenerationBackoff}.");
        }

        if (options.RevalidateRequestsPerMinute < 1)
        {
            failures.Add($"RevalidateRequestsPerMinute {options.RevalidateRequestsPerMinute} must be at least 1.");
        }

        if (options.SecretFailuresPerMinute < 1)
        {
            failures.Add($"SecretFailuresPerMinute {options.SecretFailuresPerMinute} must be at least 1.");
        }

        try
        {
            _ = options.CreateBotRegex();
        }
        catch (ArgumentException ex)
        {
            failures.Add($"BotUserAgentPattern '{options.BotUserAgentPattern}' is not a valid regular expression: {ex.Message}");
        }

        foreach (var (profileName, profile) in options.Profiles)
        {
            if (profile.Revalidate is { } revalidate && revalidate <= TimeSpan.Zero && revalidate != Timeout.InfiniteTimeSpan)
            {
                failures.Add($"Profile '{profileName}': Revalidate {revalidate} must be positive.");
            }

            if (profile.Expire is { } expire && (expire <= TimeSpan.Zero || (profile.Revalidate is { } period && period != Timeout.InfiniteTimeSpan && expire <= period)))
            {
                failures.Add($"Profile '{profileName}': Expire {expire} must be positive and longer than Revalidate {profile.Revalidate}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
