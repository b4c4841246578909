using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Redis;

/// <summary>Pre-rendering next to other instances renders no page that one of them stored meanwhile.</summary>
public sealed class RedisPrerenderRaceTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_page_stored_by_another_instance_after_the_freshness_check_is_not_rendered_again()
    {
        await using var a = await RedisInstance.StartAsync("A", redis.Server.Configuration, _prefix, _cache);
        await a.WaitUntilReadyAsync();
        Assert.Equal(2, a.Renders.Total);

        // B's freshness check finds nothing; by its next read A's fresh pages are there.
        await using var b = await RedisInstance.StartAsync(
            "B", redis.Server.Configuration, _prefix, _cache, services: services => services.AddStaticParams().UsePageStore<MetadataLaggingStore>());
        await b.WaitUntilReadyAsync();

        Assert.Equal(0, b.Renders.Total);
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/a")).Cache());
        Assert.Contains("by A", await (await b.Client.GetAsync("/s/a")).Content.ReadAsStringAsync());
    }
}
