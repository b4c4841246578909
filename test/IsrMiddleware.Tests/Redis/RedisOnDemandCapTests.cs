using System.Collections.Concurrent;
using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using IsrMiddleware.Engine;
using IsrMiddleware.Redis;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Redis;

/// <summary>The on-demand caps over Redis hold for all instances together; <c>/s/x…</c> are pages created on demand.</summary>
public sealed class RedisOnDemandCapTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Two_instances_keep_the_page_cap_cluster_wide_and_evicted_pages_leave_every_memory_tier()
    {
        await using var a = await StartAsync("A", options => options.MaxOnDemandPages = 3);
        await using var b = await StartAsync("B", options => options.MaxOnDemandPages = 3);
        var evicted = Enumerable.Range(1, 5).Select(i => $"/s/x{i}").ToArray();
        var removedOnA = RemovalsSeen(a, evicted);
        var removedOnB = RemovalsSeen(b, evicted);

        for (var i = 1; i <= 8; i++)
        {
            var (owner, other) = i % 2 == 1 ? (a, b) : (b, a);
            Assert.Equal("MISS", (await owner.Client.GetAsync($"/s/x{i}")).Cache());
            Assert.Equal("HIT", (await other.Client.GetAsync($"/s/x{i}")).Cache());
        }

        Assert.Equal(["/s/x6", "/s/x7", "/s/x8"], await StoredOnDemandAsync(a));
        using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration))
        {
            Assert.Equal(3, await connection.GetDatabase().SortedSetLengthAsync(_prefix + "{ondemand}:order:b1"));
        }

        await removedOnA.WaitAsync(TimeSpan.FromSeconds(20));
        await removedOnB.WaitAsync(TimeSpan.FromSeconds(20));
        foreach (var key in evicted)
        {
            Assert.False(a.Services.GetRequiredService<MemoryPageCache>().TryGet(key, out _), $"{key} is still in A's memory tier");
            Assert.False(b.Services.GetRequiredService<MemoryPageCache>().TryGet(key, out _), $"{key} is still in B's memory tier");
        }

        // Declared pages are never counted nor evicted.
        var stored = await a.Services.GetRequiredService<IPageStore>().GetAllMetadataAsync(CancellationToken.None);
        Assert.Equal(["/s/a", "/s/b"], stored.Where(page => page.Declared).Select(page => page.Key).Order(StringComparer.Ordinal));
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/a")).Cache());

        // x1 was rendered on A and served from memory on B: now B renders it again.
        Assert.Equal("MISS", (await b.Client.GetAsync("/s/x1")).Cache());
        Assert.Equal(1, b.Renders.For("/s/x1"));
    }

    [Fact]
    public async Task Two_instances_keep_the_byte_cap_cluster_wide()
    {
        const long cap = 80; // a page here takes about 32 bytes: two fit, three do not
        await using var a = await StartAsync("A", options => options.MaxOnDemandBytes = cap);
        await using var b = await StartAsync("B", options => options.MaxOnDemandBytes = cap);

        for (var i = 1; i <= 8; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await (i % 2 == 1 ? a : b).Client.GetAsync($"/s/x{i}")).StatusCode);
        }

        var stored = (await a.Services.GetRequiredService<IPageStore>().GetAllMetadataAsync(CancellationToken.None)).Where(page => !page.Declared).ToList();
        Assert.Equal(["/s/x7", "/s/x8"], stored.Select(page => page.Key).Order(StringComparer.Ordinal));
        Assert.InRange(stored.Sum(page => page.StoredBytes), 1, cap);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        Assert.Equal(stored.Sum(page => page.StoredBytes), (long)await connection.GetDatabase().HashGetAsync(_prefix + "{ondemand}:totals:b1", "bytes"));
    }

    [Fact]
    public async Task A_hit_on_one_instance_keeps_the_page_from_being_evicted_by_another()
    {
        await using var a = await StartAsync("A", options => options.MaxOnDemandPages = 2);
        await using var b = await StartAsync("B", options => options.MaxOnDemandPages = 2);

        Assert.Equal("MISS", (await a.Client.GetAsync("/s/x1")).Cache());
        Assert.Equal("MISS", (await b.Client.GetAsync("/s/x2")).Cache());
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/x1")).Cache());
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/x1")).Cache());
        await b.Services.GetRequiredService<RedisOnDemandPageLedger>().FlushAsync();
        Assert.Equal("MISS", (await a.Client.GetAsync("/s/x3")).Cache());

        Assert.Equal(["/s/x1", "/s/x3"], await StoredOnDemandAsync(a));
    }

    [Fact]
    public async Task An_instance_starting_counts_pages_the_ledger_lost_as_the_least_recently_used()
    {
        await using var a = await StartAsync("A", options => options.MaxOnDemandPages = 3);
        Assert.Equal("MISS", (await a.Client.GetAsync("/s/x1")).Cache());
        Assert.Equal("MISS", (await a.Client.GetAsync("/s/x2")).Cache());
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var db = connection.GetDatabase();
        await db.KeyDeleteAsync([_prefix + "{ondemand}:order:b1", _prefix + "{ondemand}:entries:b1", _prefix + "{ondemand}:totals:b1"]);

        await using var b = await StartAsync("B", options => options.MaxOnDemandPages = 3);
        Assert.Equal(2, await db.SortedSetLengthAsync(_prefix + "{ondemand}:order:b1"));
        Assert.Equal("MISS", (await b.Client.GetAsync("/s/x3")).Cache());
        Assert.Equal("MISS", (await b.Client.GetAsync("/s/x4")).Cache());

        Assert.Equal(["/s/x2", "/s/x3", "/s/x4"], await StoredOnDemandAsync(a));
    }

    [Fact]
    public async Task Redis_down_fails_no_request_and_each_instance_keeps_the_caps_with_its_own_count()
    {
        await using var server = await RedisServer.StartAsync();
        await using var a = await RedisInstance.StartAsync(
            "A", server.Configuration, _prefix, _cache, services: collection => collection.Configure<StaticParamsOptions>(options => options.MaxOnDemandPages = 2));
        await a.WaitUntilReadyAsync();
        await server.KillAsync();

        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/s/y{i}")).StatusCode);
        }

        Assert.Equal(2, a.Services.GetRequiredService<OnDemandPages>().Count);
        Assert.False(a.Services.GetRequiredService<MemoryPageCache>().TryGet("/s/y1", out _));
        Assert.True(a.Services.GetRequiredService<MemoryPageCache>().TryGet("/s/y5", out _));
    }

    private async Task<TestApp> StartAsync(string name, Action<StaticParamsOptions> configure)
    {
        var app = await RedisInstance.StartAsync(
            name, redis.Server.Configuration, _prefix, _cache, services: collection => collection.Configure(configure));
        await app.WaitUntilSettledAsync();
        return app;
    }

    private async Task<string[]> StoredOnDemandAsync(TestApp app) =>
        (await app.Services.GetRequiredService<IPageStore>().GetAllMetadataAsync(CancellationToken.None))
        .Where(page => !page.Declared).Select(page => page.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Completes once the instance's change feed announced the removal of every one of <paramref name="keys"/>.</summary>
    private static Task RemovalsSeen(TestApp app, IReadOnlyCollection<string> keys)
    {
        var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Services.GetRequiredService<IPageChangeFeed>().Subscribe(change =>
        {
            if (change.Kind == PageChangeKind.Removed && keys.Contains(change.Key) && seen.TryAdd(change.Key, true) && seen.Count == keys.Count)
            {
                all.TrySetResult();
            }
        });
        return all.Task;
    }
}
