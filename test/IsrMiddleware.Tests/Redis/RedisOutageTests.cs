using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace IsrMiddleware.Tests.Redis;

public sealed class RedisOutageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Redis_killed_under_load_fails_no_request_and_is_used_again_once_it_is_back()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await RedisInstance.StartAsync("A", redis.Configuration, _prefix, _cache);
        await a.WaitUntilReadyAsync();
        await using var b = await RedisInstance.StartAsync("B", redis.Configuration, _prefix, _cache);
        await b.WaitUntilReadyAsync();
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(a)).Status);

        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var next = 0;
        async Task LoadAsync(TestApp app)
        {
            for (var i = 0; i < 1_000_000 && !stop.IsCancellationRequested; i++)
            {
                var path = i % 3 == 0 ? $"/s/load{Interlocked.Increment(ref next) % 40}" : i % 3 == 1 ? "/s/a" : "/s/b";
                statuses.Add((await app.Client.GetAsync(path)).StatusCode);
            }
        }

        var load = Task.WhenAll(LoadAsync(a), LoadAsync(b), LoadAsync(a), LoadAsync(b));
        await WaitForAsync("load started", () => statuses.Count > 100);
        await redis.KillAsync();
        var killedAt = statuses.Count;
        await WaitForAsync("load while down", () => statuses.Count > killedAt + 300);
        Assert.Equal(HealthStatus.Degraded, (await HealthAsync(a)).Status);

        await redis.StartAgainAsync();
        await WaitForAsync("healthy again", async () => (await HealthAsync(a)).Status == HealthStatus.Healthy && (await HealthAsync(b)).Status == HealthStatus.Healthy);
        var restartedAt = statuses.Count;
        await WaitForAsync($"load after restart (completed: {load.IsCompleted}, {statuses.Count} requests)", () => statuses.Count > restartedAt + 100);
        stop.Cancel();
        await load.WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"{statuses.Count} requests, {killedAt} before the kill, {restartedAt - killedAt} while Redis was down or reconnecting");
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));

        // Pages are shared through Redis again: rendered on A, a hit on B without a render.
        Assert.Equal("MISS", (await a.Client.GetAsync("/s/after-restart")).Cache());
        var onB = await b.Client.GetAsync("/s/after-restart");
        Assert.Equal("HIT", onB.Cache());
        Assert.Equal(0, b.Renders.For("/s/after-restart"));
    }

    private static Task<HealthReport> HealthAsync(TestApp app) => app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    private static Task WaitForAsync(string what, Func<bool> condition) => WaitForAsync(what, () => Task.FromResult(condition()));

    private static async Task WaitForAsync(string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not within 60 s.");
            }

            await Task.Delay(50);
        }
    }
}
