namespace IsrMiddleware.Tests.Redis;

/// <summary>
/// One three-master Redis Cluster for the tests of <see cref="RedisClusterCollection"/>; each test keeps to its own
/// key prefix.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisClusterServer? _cluster;

    internal RedisClusterServer Cluster => _cluster ?? throw new InvalidOperationException("The Redis Cluster has not started.");

    public async Task InitializeAsync() => _cluster = await RedisClusterServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
