using Microsoft.Extensions.Options;

namespace IsrMiddleware.Redis;

/// <summary>Refuses options the store cannot work with, naming the bad value.</summary>
internal sealed class RedisStoreOptionsValidator(bool hasMultiplexer) : IValidateOptions<RedisStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisStoreOptions options)
    {
        var failures = new List<string>();
        if (!hasMultiplexer && string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add("RedisStoreOptions.Configuration is required (for example \"127.0.0.1:6379\") unless a connection multiplexer is given.");
        }

        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.IndexOfAny(['{', '}']) >= 0)
        {
            failures.Add($"RedisStoreOptions.KeyPrefix '{options.KeyPrefix}' must be non-empty and contain no '{{' or '}}'.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"RedisStoreOptions.OperationTimeout {options.OperationTimeout} must be between zero (excluded) and one minute.");
        }

        if (options.LeaseDuration < TimeSpan.FromMilliseconds(100) || options.LeaseDuration > TimeSpan.FromHours(1))
        {
            failures.Add($"RedisStoreOptions.LeaseDuration {options.LeaseDuration} must be between 100 ms and one hour.");
        }

        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(100) || options.HeartbeatInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"RedisStoreOptions.HeartbeatInterval {options.HeartbeatInterval} must be between 100 ms and one minute.");
        }

        if (string.IsNullOrWhiteSpace(options.InstanceName))
        {
            failures.Add("RedisStoreOptions.InstanceName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
