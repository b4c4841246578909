namespace IsrMiddleware.Redis;

/// <summary>Options of the Redis store, configured through <c>AddRedisStore</c>.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>
    /// The StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c>. Required unless a connection
    /// multiplexer is passed to <c>AddRedisStore</c>.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prepended to every key and channel, so several sites can share one Redis. Default: <c>isr:</c>.</summary>
    public string KeyPrefix { get; set; } = "isr:";

    /// <summary>
    /// The longest one Redis operation may take before it counts as failed; reads then fall back to rendering and the
    /// memory tier keeps serving. Default: 2 seconds.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a render lease lasts unless its holder renews it; another instance renders the page once it lapsed.
    /// Default: 10 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The name of this instance in logs, change messages and confirmation reports; unique among the instances sharing
    /// the key prefix. Default: the machine name and process id.
    /// </summary>
    public string InstanceName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// How often this instance tells Redis it is alive. An instance silent for three intervals no longer counts as live
    /// for a confirmed revalidation. Default: 2 seconds.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);
}
