using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>A Redis store without an app around it (build <c>b1</c>), for tests that drive the store contract directly.</summary>
internal sealed class RedisStoreConnection : IDisposable
{
    public RedisStoreConnection(string configuration, string prefix, string instance = "test", TimeSpan? expire = null, TimeProvider? time = null)
    {
        var staticParams = Options.Create(new StaticParamsOptions { BuildId = "b1", Expire = expire ?? new StaticParamsOptions().Expire });
        Connection = new RedisConnection(Options.Create(new RedisStoreOptions { Configuration = configuration, KeyPrefix = prefix, InstanceName = instance }), staticParams);
        Traffic = new RedisPageTraffic(Connection, staticParams, time ?? TimeProvider.System, NullLogger<RedisPageTraffic>.Instance);
        Store = new RedisPageStore(Connection, staticParams, Traffic, TimeProvider.System, NullLogger<RedisPageStore>.Instance);
    }

    public RedisConnection Connection { get; }

    public RedisPageStore Store { get; }

    public RedisPageTraffic Traffic { get; }

    public void Dispose()
    {
        Traffic.Dispose();
        Connection.Dispose();
    }
}
