using IsrMiddleware.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>The invalidation records stay bounded without a TTL: records older than expire are dropped as new ones come.</summary>
public sealed class RedisInvalidationRecordsTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly string _prefix = RedisInstance.NewPrefix();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose() => _disposables.ForEach(disposable => disposable.Dispose());

    [Fact]
    public async Task Records_past_expire_are_dropped_and_the_hash_has_no_ttl()
    {
        var expire = TimeSpan.FromHours(1);
        var staticParams = Options.Create(new StaticParamsOptions { BuildId = "b1", Expire = expire });
        var connection = new RedisConnection(Options.Create(new RedisStoreOptions { Configuration = redis.Server.Configuration, KeyPrefix = _prefix }), staticParams);
        _disposables.Add(connection);
        var store = new RedisPageStore(connection, staticParams, TimeProvider.System, NullLogger<RedisPageStore>.Instance);
        var now = DateTimeOffset.UtcNow;

        for (var i = 0; i < 10; i++)
        {
            await store.RecordInvalidationAsync(InvalidationKind.Path, $"/old/{i}", now - 2 * expire, CancellationToken.None);
        }

        for (var i = 0; i < 256; i++)
        {
            await store.RecordInvalidationAsync(InvalidationKind.Path, $"/new/{i}", now, CancellationToken.None);
        }

        var kept = await store.GetInvalidationsAsync(CancellationToken.None);
        Assert.Equal(256, kept.Count);
        Assert.All(kept, invalidation => Assert.StartsWith("/new/", invalidation.Target, StringComparison.Ordinal));
        Assert.Null(await connection.Database.KeyTimeToLiveAsync((RedisKey)(_prefix + "{seq}:invalidations")));
    }
}
