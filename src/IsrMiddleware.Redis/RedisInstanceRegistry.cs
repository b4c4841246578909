using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Redis;

/// <summary>
/// The live instances sharing the key prefix, for confirmed revalidations: each stamps its name with Redis's clock
/// (so instance clocks never decide) and removes it on a clean stop.
/// </summary>
internal sealed class RedisInstanceRegistry(RedisConnection connection, TimeProvider time, ILogger<RedisInstanceRegistry> logger)
{
    private readonly LogThrottle _errors = new(time, TimeSpan.FromMinutes(1));

    public TimeSpan Interval => connection.Options.HeartbeatInterval;

    /// <summary>The instances that beat within three intervals, this one included once it has beaten.</summary>
    public async Task<IReadOnlyList<string>> GetLiveAsync(CancellationToken cancellationToken)
    {
        var window = (long)(Interval * 3).TotalMilliseconds;
        var live = (RedisResult[]?)await connection.Database.ScriptEvaluateAsync(RedisScripts.LiveInstances, [connection.Keys.Instances], [window])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return live is null ? [] : [.. live.Select(name => name.ToString())];
    }

    /// <summary>Removes this instance from the live set (a clean stop).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.Database.HashDeleteAsync(connection.Keys.Instances, connection.Options.InstanceName).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            // Not removed: it drops out of the live set after three silent intervals.
        }
    }

    /// <summary>Stamps this instance as live now.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.Database.ScriptEvaluateAsync(RedisScripts.Heartbeat, [connection.Keys.Instances], [connection.Options.InstanceName])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_errors.ShouldLog(out var suppressed))
            {
                RedisLog.HeartbeatFailed(logger, suppressed, ex);
            }
        }
    }
}
