using System.Text;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Engine;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>The Redis store, lease and change feed on a three-master Redis Cluster: pages of one site spread over every master.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterModeStoreTests(RedisClusterFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = RedisInstance.NewPrefix();
    private readonly List<RedisConnection> _connections = [];
    private ClusterSlotMap? _slots;
    private RedisConnection _connection = null!;
    private RedisPageStore _store = null!;

    private const string Build = "b1";

    private RedisKeys Keys => new(_prefix, Build);

    private ClusterSlotMap Slots => _slots ?? throw new InvalidOperationException("The slot map has not been read.");

    public async Task InitializeAsync()
    {
        (_connection, _store) = Connect("A");
        _slots = await ClusterSlotMap.ReadAsync(redis.Cluster.Configuration);
        Assert.Equal(redis.Cluster.Ports.Order(), _slots.Masters);
    }

    public Task DisposeAsync()
    {
        _slots?.Dispose();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Pages_on_three_masters_are_stored_read_refused_when_older_and_removed()
    {
        var keys = PageKeysOnEveryMaster();
        foreach (var (master, key) in keys)
        {
            // A page and its lease live in one slot: the page's script and the lease never cross slots.
            Assert.Equal(Slots.Slot(Keys.Page(key)), Slots.Slot(Keys.Lease(key)));

            var older = await _store.NextVersionAsync(CancellationToken.None);
            var newer = await _store.NextVersionAsync(CancellationToken.None);
            var page = Page(key, newer);
            Assert.True(await _store.SetAsync(page, CancellationToken.None));
            Assert.False(await _store.SetAsync(Page(key, older), CancellationToken.None));
            StoredPageAssert.Equivalent(page, await _store.GetAsync(key, CancellationToken.None));
            Assert.Equal(newer, (await _store.GetMetadataAsync(key, CancellationToken.None))?.Version);
            Assert.Equal([(string)Keys.Page(key)!], await Slots.KeysOnAsync(master, _prefix + "p:*"));

            await _store.RemoveAsync(key, older, CancellationToken.None);
            Assert.NotNull(await _store.GetAsync(key, CancellationToken.None));
            await _store.RemoveAsync(key, newer, CancellationToken.None);
            Assert.Null(await _store.GetAsync(key, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_page_whose_slot_moves_to_another_master_is_still_read_replaced_and_leased()
    {
        var keys = PageKeysOnEveryMaster();
        var (from, key) = keys.First();
        var to = keys.Keys.First(master => master != from);
        var (_, other) = Connect("B");
        var lease = new RedisRenderLease(_connection, TimeProvider.System, NullLogger<RedisRenderLease>.Instance);
        var first = Page(key, await _store.NextVersionAsync(CancellationToken.None), "moved");
        Assert.True(await _store.SetAsync(first, CancellationToken.None));
        Assert.NotNull(await other.GetAsync(key, CancellationToken.None));

        // Both connections still hold the old slot map: each command on the slot is answered MOVED and followed.
        await redis.Cluster.MoveSlotAsync(Slots.Slot(Keys.Page(key)), from, to);
        Assert.Equal([(string)Keys.Page(key)!], await Slots.KeysOnAsync(to, _prefix + "p:*"));
        Assert.Empty(await Slots.KeysOnAsync(from, _prefix + "p:*"));

        StoredPageAssert.Equivalent(first, await other.GetAsync(key, CancellationToken.None));
        var second = Page(key, await _store.NextVersionAsync(CancellationToken.None), "moved");
        Assert.True(await _store.SetAsync(second, CancellationToken.None));
        Assert.False(await other.SetAsync(first, CancellationToken.None));
        StoredPageAssert.Equivalent(second, await other.GetAsync(key, CancellationToken.None));
        Assert.Equal([key], await other.GetKeysByTagAsync("moved", CancellationToken.None));
        await using (var held = await lease.TryAcquireAsync(key, CancellationToken.None))
        {
            Assert.NotNull(held);
            Assert.Null(await lease.TryAcquireAsync(key, CancellationToken.None));
        }

        await other.RemoveAsync(key, second.Version, CancellationToken.None);
        Assert.Null(await _store.GetAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task A_tag_index_spanning_pages_on_every_master_returns_them_all_and_forgets_removed_ones()
    {
        var keys = PageKeysOnEveryMaster().Values.ToList();
        foreach (var key in keys)
        {
            Assert.True(await _store.SetAsync(Page(key, await _store.NextVersionAsync(CancellationToken.None), "shared"), CancellationToken.None));
        }

        Assert.True(await _store.SetAsync(Page("/c/other", await _store.NextVersionAsync(CancellationToken.None), "other"), CancellationToken.None));

        // Another instance, through its own connection, sees the same index.
        var (_, other) = Connect("B");
        Assert.Equal(keys.Order(), (await other.GetKeysByTagAsync("shared", CancellationToken.None)).Order());
        Assert.Equal(["/c/other"], await other.GetKeysByTagAsync("other", CancellationToken.None));
        Assert.Equal(keys.Append("/c/other").Order(), (await other.GetAllMetadataAsync(CancellationToken.None)).Select(page => page.Key).Order());

        await _store.RemoveAsync(keys[1], long.MaxValue, CancellationToken.None);
        Assert.Equal(keys.Where(key => key != keys[1]).Order(), (await other.GetKeysByTagAsync("shared", CancellationToken.None)).Order());
        Assert.Equal(3, (await other.GetAllMetadataAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task The_sequence_and_the_invalidation_records_share_one_slot_and_order_renders_and_invalidations()
    {
        Assert.Equal(Slots.Slot(Keys.Sequence), Slots.Slot(Keys.Invalidations));
        var (_, other) = Connect("B");

        var first = await _store.NextVersionAsync(CancellationToken.None);
        var path = await other.RecordInvalidationAsync(InvalidationKind.Path, "/c/0", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var tag = await _store.RecordInvalidationAsync(InvalidationKind.Tag, "shared", DateTimeOffset.UnixEpoch.AddHours(1), CancellationToken.None);
        var last = await other.NextVersionAsync(CancellationToken.None);

        Assert.True(first < path.Version && path.Version < tag.Version && tag.Version < last, $"{first} < {path.Version} < {tag.Version} < {last}");
        var recorded = await other.GetInvalidationsAsync(CancellationToken.None);
        Assert.Equal([path, tag], recorded.OrderBy(invalidation => invalidation.Version));
    }

    [Fact]
    public async Task A_render_lease_on_the_cluster_is_held_by_one_instance_until_its_owner_releases_it()
    {
        var (a, _) = Connect("A");
        var (b, _) = Connect("B");
        var leaseA = new RedisRenderLease(a, TimeProvider.System, NullLogger<RedisRenderLease>.Instance);
        var leaseB = new RedisRenderLease(b, TimeProvider.System, NullLogger<RedisRenderLease>.Instance);

        foreach (var key in PageKeysOnEveryMaster().Values)
        {
            var held = await leaseA.TryAcquireAsync(key, CancellationToken.None);
            Assert.NotNull(held);
            Assert.Null(await leaseB.TryAcquireAsync(key, CancellationToken.None));
            await held.DisposeAsync();
            await using var next = await leaseB.TryAcquireAsync(key, CancellationToken.None);
            Assert.NotNull(next);
        }
    }

    [Fact]
    public async Task A_change_published_by_one_instance_reaches_another_over_the_cluster()
    {
        var (a, storeA) = Connect("A");
        var (b, storeB) = Connect("B");
        using var feedA = new RedisPageChangeFeed(a, storeA, TimeProvider.System, NullLogger<RedisPageChangeFeed>.Instance);
        using var feedB = new RedisPageChangeFeed(b, storeB, TimeProvider.System, NullLogger<RedisPageChangeFeed>.Instance);
        var received = new TaskCompletionSource<PageChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = feedB.Subscribe(change => received.TrySetResult(change));

        // The subscription is made in the background: publish until it is in place (bounded).
        var change = new PageChange(PageChangeKind.Stored, "/c/0", 42);
        for (var attempt = 0; attempt < 100 && !received.Task.IsCompleted; attempt++)
        {
            await feedA.PublishAsync(change, CancellationToken.None);
            await Task.WhenAny(received.Task, Task.Delay(100));
        }

        Assert.Equal(change, await received.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(feedA.IsSuspect);
        Assert.False(feedB.IsSuspect);
    }

    /// <summary>One page key per master: the first of <c>/c/0</c>, <c>/c/1</c>, ... whose page hash that master holds.</summary>
    private Dictionary<int, string> PageKeysOnEveryMaster()
    {
        var keys = new Dictionary<int, string>();
        for (var i = 0; i < 1000 && keys.Count < Slots.Masters.Count; i++)
        {
            keys.TryAdd(Slots.MasterOf(Keys.Page($"/c/{i}")), $"/c/{i}");
        }

        Assert.Equal(3, keys.Count);
        return keys;
    }

    [Fact]
    public async Task Hit_counts_share_one_slot_and_reach_another_instance_over_the_cluster()
    {
        Assert.Equal(Slots.Slot(Keys.Hits), Slots.Slot(Keys.HitsSinceDecay));
        using var a = new RedisStoreConnection(redis.Cluster.Configuration, _prefix, "A");
        using var b = new RedisStoreConnection(redis.Cluster.Configuration, _prefix, "B");
        for (var i = 0; i < 3; i++)
        {
            a.Store.CountHit("/p/" + i);
            a.Store.CountHit("/p/2");
        }

        await a.Traffic.FlushAsync();
        await b.Store.LoadHitsAsync(CancellationToken.None);

        Assert.Equal([1, 1, 4], Enumerable.Range(0, 3).Select(i => b.Store.HitsOf("/p/" + i)));
    }

    private (RedisConnection Connection, RedisPageStore Store) Connect(string instance)
    {
        var opened = new RedisStoreConnection(redis.Cluster.Configuration, _prefix, instance);
        _connections.Add(opened.Connection);
        return (opened.Connection, opened.Store);
    }

    private static StoredPage Page(string key, long version, params string[] tags) => new()
    {
        Key = key,
        ContentType = "text/html",
        Headers = [new("X-Test", key)],
        Body = Encoding.UTF8.GetBytes($"<p>{key} version {version}</p>"),
        BrotliBody = Encoding.UTF8.GetBytes($"br {version}"),
        GzipBody = Encoding.UTF8.GetBytes($"gz {version}"),
        ETag = $"\"{version}\"",
        GeneratedAt = TimeProvider.System.GetUtcNow(),
        Version = version,
        BuildId = "b1",
        Route = "/c/{slug}",
        Tags = tags,
        Declared = true,
    };
}
