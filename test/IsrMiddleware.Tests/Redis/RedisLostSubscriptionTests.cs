using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>
/// An instance whose change subscription is gone while Redis still answers its commands (here: its Redis user loses
/// the right to subscribe, which also drops its subscription) re-checks its memory tier until it can subscribe again.
/// </summary>
public sealed class RedisLostSubscriptionTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();
    private readonly string _user = "u" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _cache.Dispose();

    private Task<TestApp> StartAsync(string name, string configuration) => RedisInstance.StartAsync(
        name, configuration, _prefix, _cache, services: services =>
            services.Configure<RedisStoreOptions>(options => options.HeartbeatInterval = TimeSpan.FromMilliseconds(200)));

    [Fact]
    public async Task Changes_made_elsewhere_reach_an_instance_that_cannot_subscribe_and_it_recovers_when_it_can()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ExecuteAsync("ACL", "SETUSER", _user, "on", ">secret", "~*", "&*", "+@all");

        await using var a = await StartAsync("A", redis.Server.Configuration);
        await a.WaitUntilReadyAsync();
        await using var b = await StartAsync("B", $"{redis.Server.Configuration},user={_user},password=secret");
        await b.WaitUntilReadyAsync();
        var old = await b.Client.GetAsync("/s/a");
        Assert.Equal("HIT", old.Cache());
        var oldBody = await old.Content.ReadAsStringAsync();

        // Redis drops the subscriptions a user may no longer hold; B's commands still work.
        await server.ExecuteAsync("ACL", "SETUSER", _user, "resetchannels");
        await RedisWaits.UntilAsync("B degraded", async () => (await RedisWaits.HealthAsync(b)).Status == HealthStatus.Degraded);

        await a.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/s/a");

        // No message can reach B: only its re-check does.
        await RedisWaits.UntilNotServedAsFreshAsync("B no longer serves the old page as fresh", b, "/s/a", oldBody);

        await server.ExecuteAsync("ACL", "SETUSER", _user, "allchannels");
        await RedisWaits.UntilHealthyAsync(b);
    }

    [Fact]
    public async Task An_invalidation_recorded_while_its_publication_fails_reaches_the_others_once_it_can_be_published()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ExecuteAsync("ACL", "SETUSER", _user, "on", ">secret", "~*", "&*", "+@all");

        await using var a = await StartAsync("A", $"{redis.Server.Configuration},user={_user},password=secret");
        await a.WaitUntilReadyAsync();
        await using var b = await StartAsync("B", redis.Server.Configuration);
        await b.WaitUntilReadyAsync();
        var old = await b.Client.GetAsync("/s/a");
        Assert.Equal("HIT", old.Cache());
        var oldBody = await old.Content.ReadAsStringAsync();

        // A may record (scripts) but not publish; B's subscription is intact, so nothing makes B re-read.
        await server.ExecuteAsync("ACL", "SETUSER", _user, "resetchannels");
        await a.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/s/a");
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/a")).Cache());

        await server.ExecuteAsync("ACL", "SETUSER", _user, "allchannels");
        await RedisWaits.UntilNotServedAsFreshAsync("B learns of the invalidation A could not publish", b, "/s/a", oldBody);
    }

    [Fact]
    public async Task An_invalidation_recorded_without_any_message_reaches_every_instance_within_a_few_beats_even_after_a_later_one()
    {
        await using var b = await StartAsync("B", redis.Server.Configuration);
        await b.WaitUntilReadyAsync();
        var old = await b.Client.GetAsync("/s/a");
        Assert.Equal("HIT", old.Cache());
        var oldBody = await old.Content.ReadAsStringAsync();

        // A publisher that records and dies before publishing: the record is in Redis, no message ever comes.
        using var gone = new RedisStoreConnection(redis.Server.Configuration, _prefix, "gone");
        await gone.Store.RecordInvalidationAsync(InvalidationKind.Path, "/s/a", DateTimeOffset.UtcNow, CancellationToken.None);

        // A later invalidation whose message does arrive must not mask the lost one.
        await using var a = await StartAsync("A", redis.Server.Configuration);
        await a.WaitUntilReadyAsync();
        await a.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/s/b");

        await RedisWaits.UntilNotServedAsFreshAsync("B notices the record no message announced", b, "/s/a", oldBody);
    }
}
