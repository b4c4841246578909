using Microsoft.Extensions.Options;

namespace IsrMiddleware.Edge;

/// <summary>Validates <see cref="StaticParamsOptions.Edge"/> and <see cref="StaticParamsOptions.Preview"/> at start-up.</summary>
internal sealed class EdgeOptionsValidator : IValidateOptions<StaticParamsOptions>
{
    public ValidateOptionsResult Validate(string? name, StaticParamsOptions options)
    {
        var failures = new List<string>();
        var edge = options.Edge;
        if (edge is null)
        {
            return ValidateOptionsResult.Fail("Edge must be set.");
        }

        foreach (var header in edge.SurrogateKeyHeaders ?? [])
        {
            if (!IsToken(header))
            {
                failures.Add($"Edge.SurrogateKeyHeaders: '{header}' is not a valid header name.");
            }
        }

        if (edge.MaxSurrogateKeyHeaderLength < SurrogateKeys.MaxTagLength)
        {
            failures.Add($"Edge.MaxSurrogateKeyHeaderLength {edge.MaxSurrogateKeyHeaderLength} must be at least {SurrogateKeys.MaxTagLength}.");
        }

        if (edge.CoalescingWindow < TimeSpan.Zero)
        {
            failures.Add($"Edge.CoalescingWindow {edge.CoalescingWindow} must not be negative.");
        }

        if (edge.MaxKeysPerCall < 1 || edge.MaxConcurrentCalls < 1 || edge.MaxQueuedChanges < 1)
        {
            failures.Add($"Edge.MaxKeysPerCall {edge.MaxKeysPerCall}, MaxConcurrentCalls {edge.MaxConcurrentCalls} and MaxQueuedChanges {edge.MaxQueuedChanges} must be at least 1.");
        }

        if (edge.CallTimeout <= TimeSpan.Zero && edge.CallTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"Edge.CallTimeout {edge.CallTimeout} must be positive.");
        }

        if (edge.Retry is null || edge.Retry.MaxRetryAttempts < 0)
        {
            failures.Add($"Edge.Retry.MaxRetryAttempts {edge.Retry?.MaxRetryAttempts} must not be negative.");
        }

        var preview = options.Preview;
        if (preview is null || !IsToken(preview.CookieName))
        {
            failures.Add($"Preview.CookieName '{preview?.CookieName}' is not a valid cookie name.");
        }

        if (preview is not null && preview.Lifetime <= TimeSpan.Zero)
        {
            failures.Add($"Preview.Lifetime {preview.Lifetime} must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>An HTTP token (RFC 9110): header and cookie names.</summary>
    private static bool IsToken(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => c is > ' ' and < '\u007f' && "()<>@,;:\\\"/[]?={}".IndexOf(c) < 0);
}
