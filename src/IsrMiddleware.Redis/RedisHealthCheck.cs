using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IsrMiddleware.Redis;

/// <summary>
/// Reports the Redis tier: healthy when every master is connected and changes are subscribed to, degraded otherwise
/// (pages are still served from memory and renders, so the instance stays in rotation).
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

        // In a cluster every master holds a share of the pages: one out of reach is a degraded tier too. The masters are
        // those the cluster says own slots now (a master replaced after a failover no longer counts).
        var unreachable = OwnersOfSlots().Where(server => !server.IsConnected).Select(server => server.EndPoint.ToString()).ToList();
        if (unreachable.Count > 0)
        {
            return HealthCheckResult.Degraded($"Redis {string.Join(", ", unreachable)} cannot be reached: pages stored there are rendered locally.");
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

    private IEnumerable<StackExchange.Redis.IServer> OwnersOfSlots()
    {
        var multiplexer = connection.Multiplexer;
        var servers = multiplexer.GetServers();
        var cluster = servers.FirstOrDefault(server => server.IsConnected && server.ServerType == StackExchange.Redis.ServerType.Cluster)?.ClusterConfiguration;
        return cluster is null
            ? servers.Where(server => !server.IsReplica)
            : cluster.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0 && node.EndPoint is not null).Select(node => multiplexer.GetServer(node.EndPoint!));
    }
}
