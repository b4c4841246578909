using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IsrMiddleware.Tests.Redis;

/// <summary>Redis restarted without its data: no instance may go on serving, as fresh, a page rendered before the loss.</summary>
public sealed class RedisDataLossTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_revalidation_recorded_after_Redis_lost_its_data_reaches_pages_numbered_above_the_restarted_counter()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await RedisInstance.StartAsync("A", redis.Configuration, _prefix, _cache);
        await a.WaitUntilReadyAsync();
        await using var b = await RedisInstance.StartAsync("B", redis.Configuration, _prefix, _cache);
        await b.WaitUntilReadyAsync();
        Assert.Equal("HIT", (await a.Client.GetAsync("/s/a")).Cache());
        Assert.Equal("HIT", (await b.Client.GetAsync("/s/a")).Cache());

        await redis.KillAsync();

        // B renders more than A while Redis is down: its local numbers run ahead of everything A has seen.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("MISS", (await b.Client.GetAsync($"/s/down{i}")).Cache());
        }

        Assert.Equal("MISS", (await b.Client.GetAsync("/s/new")).Cache());
        Assert.Equal("MISS", (await a.Client.GetAsync("/s/new")).Cache());
        var before = await b.Client.GetAsync("/s/new");
        Assert.Equal("HIT", before.Cache());
        var oldBody = await before.Content.ReadAsStringAsync();

        await redis.StartAgainAsync();
        await RedisWaits.UntilHealthyAsync(a, b);
        var report = await a.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("s");
        output.WriteLine($"tag s revalidated on A after the restart: {report.Pages.Count} pages reached");

        foreach (var path in new[] { "/s/new", "/s/a" })
        {
            await RedisWaits.UntilAsync($"B stops serving the old {path} as fresh", async () =>
            {
                var response = await b.Client.GetAsync(path);
                return response.Cache() != "HIT" || (path == "/s/new" && await response.Content.ReadAsStringAsync() != oldBody);
            });
        }

        // And B is not left stale: the page is rendered again after the loss and served fresh.
        await RedisWaits.UntilAsync("a fresh /s/new on B", async () =>
        {
            var response = await b.Client.GetAsync("/s/new");
            return response.Cache() == "HIT" && await response.Content.ReadAsStringAsync() != oldBody;
        });
    }

    [Fact]
    public async Task An_instance_started_after_Redis_lost_its_data_invalidates_what_older_instances_hold()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var b = await RedisInstance.StartAsync("B", redis.Configuration, _prefix, _cache);
        await b.WaitUntilReadyAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("MISS", (await b.Client.GetAsync($"/s/before{i}")).Cache());
        }

        var before = await b.Client.GetAsync("/s/before9");
        Assert.Equal("HIT", before.Cache());
        var oldBody = await before.Content.ReadAsStringAsync();

        await redis.KillAsync();
        await redis.StartAgainAsync();

        // A new instance (its floor is 0) records the invalidation in the emptied Redis.
        await using var c = await RedisInstance.StartAsync("C", redis.Configuration, _prefix, _cache);
        await c.WaitUntilReadyAsync();
        await c.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/s/before9");

        await RedisWaits.UntilNotServedAsFreshAsync("B stops serving the old /s/before9 as fresh", b, "/s/before9", oldBody);
    }

    [Fact]
    public async Task A_render_numbered_before_the_loss_and_finished_after_it_is_not_written_into_the_emptied_Redis()
    {
        await using var redis = await RedisServer.StartAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await RedisInstance.StartAsync("A", redis.Configuration, _prefix, _cache, renderGate: gate);
        await a.WaitUntilReadyAsync();
        await using var b = await RedisInstance.StartAsync("B", redis.Configuration, _prefix, _cache);
        await b.WaitUntilReadyAsync();

        // A takes its number from the old counter, then waits on the gate while Redis loses everything.
        var pending = a.Client.GetAsync("/s/slow1");
        await RedisWaits.UntilAsync("A renders /s/slow1", () => Task.FromResult(a.Renders.For("/s/slow1") == 1));
        await redis.KillAsync();
        await redis.StartAgainAsync();
        await RedisWaits.UntilHealthyAsync(a, b);
        gate.SetResult();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await pending).StatusCode);

        // B never trusts that number: it renders the page itself instead of reading A's render from Redis.
        var onB = await b.Client.GetAsync("/s/slow1");
        var body = await onB.Content.ReadAsStringAsync();
        output.WriteLine($"B: {onB.Cache()} {body}");
        Assert.DoesNotContain("by A", body, StringComparison.Ordinal);
    }
}
