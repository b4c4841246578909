using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Redis;

/// <summary>A prefix revalidation over Redis: one record, which every instance checks on its hits.</summary>
public sealed class RedisPrefixTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_prefix_revalidated_on_one_instance_is_one_record_and_the_other_serves_only_the_pages_under_it_as_stale()
    {
        await using var a = await RedisInstance.StartAsync("A", redis.Server.Configuration, _prefix, _cache);
        await using var b = await RedisInstance.StartAsync("B", redis.Server.Configuration, _prefix, _cache);
        await Task.WhenAll(a.WaitUntilReadyAsync(), b.WaitUntilReadyAsync());
        var bodyOfA = await b.Client.GetStringAsync("/s/a");
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/b")).Cache());
        var store = a.Services.GetRequiredService<IPageStore>();
        var before = (await store.GetInvalidationsAsync(CancellationToken.None)).Count;

        var report = await a.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync([RevalidationTarget.Prefix("/s/a")]);

        Assert.Equal(["/s/a"], report.Pages.Select(page => page.Path));
        var recorded = await store.GetInvalidationsAsync(CancellationToken.None);
        Assert.Equal(before + 1, recorded.Count);
        Assert.Contains(recorded, invalidation => invalidation is { Kind: InvalidationKind.Prefix, Target: "/s/a" });
        await RedisWaits.UntilNotServedAsFreshAsync("the prefix reaches B", b, "/s/a", bodyOfA);
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/b")).Cache());
    }
}
