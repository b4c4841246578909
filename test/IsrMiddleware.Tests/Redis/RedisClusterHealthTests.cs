using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IsrMiddleware.Tests.Redis;

/// <summary>On a cluster of its own (it kills a master): one master out of reach degrades the Redis tier.</summary>
public sealed class RedisClusterHealthTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task One_master_out_of_reach_makes_the_health_check_degraded_and_pages_are_still_served()
    {
        await using var cluster = await RedisClusterServer.StartAsync();
        await using var app = await RedisInstance.StartAsync("A", cluster.Configuration, RedisInstance.NewPrefix(), _cache);
        await app.WaitUntilReadyAsync();
        await RedisWaits.UntilHealthyAsync(app);
        Assert.Equal("HIT", (await app.Client.GetAsync("/s/a")).Cache());

        var killed = cluster.Ports[1];
        await cluster.KillNodeAsync(killed);

        await RedisWaits.UntilAsync("degraded", async () => (await RedisWaits.HealthAsync(app)).Status == HealthStatus.Degraded);
        var report = await RedisWaits.HealthAsync(app);
        Assert.Contains(killed.ToString(), report.Entries["static-params-redis"].Description, StringComparison.Ordinal);
        Assert.Equal("HIT", (await app.Client.GetAsync("/s/a")).Cache());
    }
}
