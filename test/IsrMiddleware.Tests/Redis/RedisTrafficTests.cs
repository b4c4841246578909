using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>The hit counts the Redis store shares among instances: buffered, flushed on a timer, decayed, read before ordering.</summary>
public sealed class RedisTrafficTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly string _prefix = RedisInstance.NewPrefix();

    [Fact]
    public async Task Hits_counted_on_one_instance_order_the_other_once_the_timer_flushed_them()
    {
        var clock = new FakeTimeProvider();
        using var a = new RedisStoreConnection(redis.Server.Configuration, _prefix, "A", time: clock);
        using var b = new RedisStoreConnection(redis.Server.Configuration, _prefix, "B", time: clock);
        Count(a.Store, "/p/1", 10);
        Count(a.Store, "/p/2", 3);

        await b.Store.LoadHitsAsync(CancellationToken.None);
        Assert.Equal(0, b.Store.HitsOf("/p/1"));

        clock.Advance(RedisPageTraffic.FlushInterval);
        await a.Traffic.FlushAsync();
        await b.Store.LoadHitsAsync(CancellationToken.None);

        Assert.Equal(10, b.Store.HitsOf("/p/1"));
        Assert.Equal(3, b.Store.HitsOf("/p/2"));
        Assert.Equal(0, b.Store.HitsOf("/p/never"));
    }

    [Fact]
    public async Task Loading_sends_this_instances_own_hits_first_and_counts_add_up_across_instances()
    {
        using var a = new RedisStoreConnection(redis.Server.Configuration, _prefix, "A", time: new FakeTimeProvider());
        using var b = new RedisStoreConnection(redis.Server.Configuration, _prefix, "B", time: new FakeTimeProvider());
        Count(a.Store, "/p/1", 4);
        Count(b.Store, "/p/1", 5);
        await a.Traffic.FlushAsync();

        await b.Store.LoadHitsAsync(CancellationToken.None);

        Assert.Equal(9, b.Store.HitsOf("/p/1"));
    }

    [Fact]
    public async Task Counts_are_halved_once_enough_new_hits_came_and_pages_under_one_hit_drop_out()
    {
        using var store = new RedisStoreConnection(redis.Server.Configuration, _prefix, time: new FakeTimeProvider());
        Count(store.Store, "/old", 100);
        Count(store.Store, "/rare", 1);
        await store.Traffic.FlushAsync();

        // 4,096 hits in all is the fewest that halve (three pages counted, times 16, is fewer).
        Count(store.Store, "/new", 4096 - 101);
        await store.Traffic.FlushAsync();
        await store.Store.LoadHitsAsync(CancellationToken.None);

        Assert.Equal(50, store.Store.HitsOf("/old"));
        Assert.Equal((4096 - 101) / 2, store.Store.HitsOf("/new"));
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        Assert.Null(await connection.GetDatabase().SortedSetScoreAsync(_prefix + "{hits}", "/rare"));
        Assert.Equal(0, (long)await connection.GetDatabase().StringGetAsync(_prefix + "{hits}:since"));
    }

    [Fact]
    public async Task Disposing_the_store_sends_the_hits_not_flushed_yet()
    {
        using var reader = new RedisStoreConnection(redis.Server.Configuration, _prefix, "B", time: new FakeTimeProvider());
        using (var writer = new RedisStoreConnection(redis.Server.Configuration, _prefix, "A", time: new FakeTimeProvider()))
        {
            Count(writer.Store, "/p/1", 7);
        }

        await reader.Store.LoadHitsAsync(CancellationToken.None);

        Assert.Equal(7, reader.Store.HitsOf("/p/1"));
    }

    private static void Count(IPageTraffic traffic, string key, int hits)
    {
        for (var i = 0; i < hits; i++)
        {
            traffic.CountHit(key);
        }
    }
}
