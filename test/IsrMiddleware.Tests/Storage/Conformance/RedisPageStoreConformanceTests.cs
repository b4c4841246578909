using IsrMiddleware.Tests.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>
/// The Redis store with its change feed, lease, confirmer and ledger, on a real redis-server; each test keeps to its
/// own key prefix, and each instance has its own connection (another app instance, or one restarted).
/// </summary>
public sealed class RedisPageStoreConformanceTests(RedisFixture redis) : PageStoreConformanceTests, IClassFixture<RedisFixture>
{
    private readonly string _prefix = RedisInstance.NewPrefix();

    protected override bool ReadsOneRepresentation => true;

    protected override bool ChangesReachOtherInstances => true;

    protected override bool LeaseRefusesAHeldKey => true;

    protected override bool ConfirmsWithOtherInstances => true;

    protected override async Task<StoreInstance> OpenInstanceAsync(string name)
    {
        var opened = new RedisStoreConnection(redis.Server.Configuration, _prefix, name);
        var (connection, store) = (opened.Connection, opened.Store);
        var feed = new RedisPageChangeFeed(connection, store, TimeProvider.System, NullLogger<RedisPageChangeFeed>.Instance);
        var registry = new RedisInstanceRegistry(connection, TimeProvider.System, NullLogger<RedisInstanceRegistry>.Instance);
        var confirmer = new RedisInvalidationConfirmer(connection, feed, registry, TimeProvider.System, NullLogger<RedisInvalidationConfirmer>.Instance);
        var instance = new StoreInstance(
            store, feed, new RedisRenderLease(connection, TimeProvider.System, NullLogger<RedisRenderLease>.Instance), confirmer, name, [opened, feed, confirmer]);

        // Live, as the presence service makes a started instance: listening for confirmations, then stamped in the registry.
        Assert.True(await confirmer.TryListenAsync());
        await registry.BeatAsync(CancellationToken.None);
        return instance;
    }

    protected override Task<IOnDemandPageLedger> OpenOnDemandPageLedgerAsync(int maxPages, long maxBytes)
    {
        var opened = Track(new RedisStoreConnection(redis.Server.Configuration, _prefix, "ledger"));
        var options = Options.Create(new StaticParamsOptions { BuildId = "b1", MaxOnDemandPages = maxPages, MaxOnDemandBytes = maxBytes });
        return Task.FromResult<IOnDemandPageLedger>(
            Track(new RedisOnDemandPageLedger(opened.Connection, options, TimeProvider.System, NullLogger<RedisOnDemandPageLedger>.Instance)));
    }
}
