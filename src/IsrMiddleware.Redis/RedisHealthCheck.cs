using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IsrMiddleware.Redis;

/// <summary>
/// Reports the Redis tier: healthy when connected and subscribed to changes, degraded otherwise (pages are still
/// served from memory and renders, so the instance stays in rotation).
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection connection, RedisPageChangeFeed feed) : IHealthCheck
{
    public const string Name = "static-params-redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!connection.Multiplexer.IsConnected)
        {
            return HealthCheckResult.Degraded("Redis cannot be reached: serving from memory and rendering locally.");
        }

        try
        {
            var latency = await connection.Database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { ["latencyMs"] = latency.TotalMilliseconds };
            return feed.IsSuspect
                ? HealthCheckResult.Degraded("Redis change subscription is being re-established.", data: data)
                : HealthCheckResult.Healthy("Redis connected.", data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded("Redis did not answer a ping.", ex);
        }
    }
}
