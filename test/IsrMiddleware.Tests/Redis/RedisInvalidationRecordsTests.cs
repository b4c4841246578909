using StackExchange.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>The invalidation records stay bounded without a TTL: records older than expire and a day are dropped as new ones come.</summary>
public sealed class RedisInvalidationRecordsTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly string _prefix = RedisInstance.NewPrefix();

    [Fact]
    public async Task Records_past_expire_and_a_day_are_dropped_and_the_hash_has_no_ttl()
    {
        var expire = TimeSpan.FromHours(1);
        using var opened = new RedisStoreConnection(redis.Server.Configuration, _prefix, expire: expire);
        var (connection, store) = (opened.Connection, opened.Store);
        var now = DateTimeOffset.UtcNow;

        // A hash an older version of the store left with a TTL loses it with the next record.
        await connection.Database.HashSetAsync((RedisKey)(_prefix + "{seq}:invalidations"), "~old", "1");
        await connection.Database.KeyExpireAsync((RedisKey)(_prefix + "{seq}:invalidations"), TimeSpan.FromMinutes(5));

        for (var i = 0; i < 10; i++)
        {
            await store.RecordInvalidationAsync(InvalidationKind.Path, $"/old/{i}", now - expire - TimeSpan.FromDays(2), CancellationToken.None);
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
