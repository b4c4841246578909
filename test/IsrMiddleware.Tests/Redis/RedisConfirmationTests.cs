using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>Confirmed revalidation: the asker waits for every live instance to apply the invalidations.</summary>
public sealed class RedisConfirmationTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    private async Task<TestApp> StartAsync(string name)
    {
        var app = await RedisInstance.StartAsync(name, redis.Server.Configuration, _prefix, _cache, services: services =>
            services.Configure<RedisStoreOptions>(options => options.HeartbeatInterval = TimeSpan.FromMilliseconds(200)));
        await app.WaitUntilReadyAsync();
        return app;
    }

    private static async Task<RevalidationReport> ConfirmAsync(TestApp app, RevalidationTarget target, TimeSpan? timeout = null) =>
        await app.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync([target], new RevalidationOptions { Confirm = true, ConfirmationTimeout = timeout });

    /// <summary>Waits until the registry lists the instances (each beats once it listens for confirmation requests).</summary>
    private static async Task WaitUntilLiveAsync(TestApp app, params string[] names)
    {
        var registry = app.Services.GetRequiredService<RedisInstanceRegistry>();
        IReadOnlyList<string> live = [];
        for (var attempt = 0; attempt < 200 && !names.All(live.Contains); attempt++)
        {
            live = await registry.GetLiveAsync(CancellationToken.None);
            if (!names.All(live.Contains))
            {
                await Task.Delay(25);
            }
        }

        Assert.Subset(live.ToHashSet(), names.ToHashSet());
    }

    private static async Task<string> HitAsync(TestApp app, string path)
    {
        var response = await app.Client.GetAsync(path);
        Assert.Equal("HIT", response.Cache());
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>STALE, or already a new render (one the first STALE answer started, after the invalidation): never the old one as a hit.</summary>
    private static async Task AssertNotServedAsFreshAsync(TestApp app, string path, string oldBody)
    {
        var response = await app.Client.GetAsync(path);
        if (response.Cache() == "HIT")
        {
            Assert.NotEqual(oldBody, await response.Content.ReadAsStringAsync());
        }
        else
        {
            Assert.Equal("STALE", response.Cache());
        }
    }

    [Fact]
    public async Task A_confirmed_revalidation_returns_once_every_instance_applied_it()
    {
        await using var a = await StartAsync("A");
        await using var b = await StartAsync("B");
        await using var c = await StartAsync("C");
        await WaitUntilLiveAsync(a, "A", "B", "C");
        var oldA = await HitAsync(b, "/s/a");
        var oldB = await HitAsync(c, "/s/b");

        var byPath = await ConfirmAsync(a, RevalidationTarget.Path("/s/a"));

        // No polling: the moment the call returns, the other instances no longer serve the page as fresh.
        await AssertNotServedAsFreshAsync(b, "/s/a", oldA);
        await AssertNotServedAsFreshAsync(c, "/s/a", oldA);
        Assert.True(byPath.Confirmation!.Complete);
        Assert.Equal(["A", "B", "C"], byPath.Confirmation.Applied.Order());
        Assert.Empty(byPath.Confirmation.Lagged);

        var byTag = await ConfirmAsync(c, RevalidationTarget.Tag("s"));
        await AssertNotServedAsFreshAsync(a, "/s/b", oldB);
        await AssertNotServedAsFreshAsync(b, "/s/b", oldB);
        Assert.Equal(["A", "B", "C"], byTag.Confirmation!.Applied.Order());
    }

    [Fact]
    public async Task A_live_instance_that_does_not_acknowledge_is_reported_as_lagging()
    {
        await using var a = await StartAsync("A");
        await using var b = await StartAsync("B");
        await WaitUntilLiveAsync(a, "A", "B");
        var old = await HitAsync(b, "/s/a");

        // An instance that beats but cannot apply anything (frozen, or its subscription lost).
        await using var ghost = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        await ghost.GetDatabase().ScriptEvaluateAsync(RedisScripts.Heartbeat, [(RedisKey)(_prefix + "{instances}")], ["frozen"]);

        var started = TimeProvider.System.GetTimestamp();
        var report = await ConfirmAsync(a, RevalidationTarget.Path("/s/a"), TimeSpan.FromMilliseconds(300));
        var waited = TimeProvider.System.GetElapsedTime(started);
        output.WriteLine($"lagging instance reported after {waited.TotalMilliseconds:F0} ms");

        Assert.False(report.Confirmation!.Complete);
        Assert.Equal(["A", "B"], report.Confirmation.Applied.Order());
        Assert.Equal(["frozen"], report.Confirmation.Lagged);
        Assert.True(waited >= TimeSpan.FromMilliseconds(250), $"returned after {waited} without waiting for the timeout");
        await AssertNotServedAsFreshAsync(b, "/s/a", old);
    }

    [Fact]
    public async Task An_instance_stopped_cleanly_is_not_waited_for()
    {
        await using var a = await StartAsync("A");
        var b = await StartAsync("B");
        await WaitUntilLiveAsync(a, "A", "B");
        await b.DisposeAsync();

        var report = await ConfirmAsync(a, RevalidationTarget.Path("/s/a"), TimeSpan.FromSeconds(10));

        Assert.True(report.Confirmation!.Complete);
        Assert.Equal(["A"], report.Confirmation.Applied);
    }

    [Fact]
    public async Task After_Redis_lost_its_data_a_confirmation_asks_the_instances_seen_before_and_never_claims_more()
    {
        await using var a = await StartAsync("A");
        await using var b = await StartAsync("B");
        await WaitUntilRememberedAsync(a, "B");
        var old = await HitAsync(b, "/s/a");

        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true"))
        {
            await admin.GetServers().Single().FlushAllDatabasesAsync();
        }

        var report = await ConfirmAsync(a, RevalidationTarget.Path("/s/a"), TimeSpan.FromSeconds(2));

        await AssertNotServedAsFreshAsync(b, "/s/a", old);
        Assert.Contains("B", report.Confirmation!.Applied.Concat(report.Confirmation.Lagged));
        Assert.Equal(["A", "B"], report.Confirmation.Applied.Order());
    }

    [Fact]
    public async Task After_Redis_restarted_empty_a_complete_confirmation_means_no_instance_serves_the_old_page()
    {
        await using var server = await RedisServer.StartAsync();
        await using var a = await RedisInstance.StartAsync("A", server.Configuration, _prefix, _cache, services: FastBeats);
        await using var b = await RedisInstance.StartAsync("B", server.Configuration, _prefix, _cache, services: FastBeats);
        await a.WaitUntilReadyAsync();
        await b.WaitUntilReadyAsync();
        await WaitUntilRememberedAsync(a, "B");
        var old = await HitAsync(b, "/s/a");

        await server.KillAsync();
        await server.StartAgainAsync();
        await RedisWaits.UntilHealthyAsync(a);
        var report = await ConfirmAsync(a, RevalidationTarget.Path("/s/a"), TimeSpan.FromSeconds(2));
        var answer = await b.Client.GetAsync("/s/a");
        output.WriteLine($"complete {report.Confirmation!.Complete}; applied {string.Join(",", report.Confirmation.Applied)}; lagged {string.Join(",", report.Confirmation.Lagged)}; B answered {answer.Cache()}");

        Assert.Contains("B", report.Confirmation.Applied.Concat(report.Confirmation.Lagged));
        if (report.Confirmation.Complete)
        {
            Assert.False(answer.Cache() == "HIT" && await answer.Content.ReadAsStringAsync() == old, "complete, while B served the old page as a hit");
        }
    }

    private static void FastBeats(IServiceCollection services) =>
        services.Configure<RedisStoreOptions>(options => options.HeartbeatInterval = TimeSpan.FromMilliseconds(200));

    /// <summary>Waits until one of <paramref name="app"/>'s own beats has seen the instance live.</summary>
    private static async Task WaitUntilRememberedAsync(TestApp app, string name)
    {
        var registry = app.Services.GetRequiredService<RedisInstanceRegistry>();
        await RedisWaits.UntilAsync($"{name} seen live at a beat", () => Task.FromResult(registry.Remembers(name)));
    }

    [Fact]
    public async Task A_confirmation_timeout_that_is_not_positive_is_refused_before_anything_is_recorded()
    {
        await using var a = await StartAsync("A");
        var revalidator = a.Services.GetRequiredService<IPageRevalidator>();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => revalidator.RevalidateAsync(
            [RevalidationTarget.Path("/s/a")], new RevalidationOptions { Confirm = true, ConfirmationTimeout = TimeSpan.FromSeconds(-1) }));

        Assert.Contains("ConfirmationTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal("HIT", (await a.Client.GetAsync("/s/a")).Cache());
    }

    [Fact]
    public async Task Without_confirm_the_report_has_no_confirmation()
    {
        await using var a = await StartAsync("A");
        var report = await a.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/s/a");
        Assert.Null(report.Confirmation);
    }
}
