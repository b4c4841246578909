using System.Globalization;
using IsrMiddleware.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace IsrMiddleware.Tests.Redis;

/// <summary>A memory-tier hit with the Redis store configured asks nothing of Redis (BENCHMARKS.md's Redis section).</summary>
public sealed class RedisMemoryHitTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IDisposable
{
    private const int Hits = 500;

    // The reading itself, the multiplexers' keep-alive, each instance's beat (heartbeat script, latest-invalidation
    // read) and its batch of hit counts (one script) may run while the hits do; they run by the clock, not per request.
    private static readonly HashSet<string> Background = new(StringComparer.Ordinal) { "info", "ping", "echo", "evalsha", "eval", "zrangebyscore", "zrange" };

    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Memory_tier_hits_run_no_Redis_command()
    {
        await using var app = await RedisInstance.StartAsync("A", redis.Server.Configuration, RedisInstance.NewPrefix(), _cache);
        await app.WaitUntilReadyAsync();
        Assert.Equal("HIT", (await app.Client.GetAsync("/s/a")).Cache());
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.Server.Configuration},allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);

        var before = await CommandCountsAsync(server);
        for (var i = 0; i < Hits; i++)
        {
            Assert.Equal("HIT", (await app.Client.GetAsync("/s/a")).Cache());
        }

        var after = await CommandCountsAsync(server);
        var ran = after.Where(pair => pair.Value != before.GetValueOrDefault(pair.Key))
            .ToDictionary(pair => pair.Key, pair => pair.Value - before.GetValueOrDefault(pair.Key));
        output.WriteLine($"Redis commands during {Hits} memory-tier hits: {string.Join(", ", ran.Select(pair => $"{pair.Key} {pair.Value}"))}");
        Assert.All(ran.Keys, command => Assert.Contains(command, Background));
        Assert.True(ran.Values.Sum() < Hits / 10, $"{ran.Values.Sum()} background commands during {Hits} hits");
        Assert.Equal(2, app.Renders.Total);
    }

    private static async Task<Dictionary<string, long>> CommandCountsAsync(IServer server)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (name, value) in group)
            {
                var calls = value.Split(',')[0];
                if (name.StartsWith("cmdstat_", StringComparison.Ordinal) && calls.StartsWith("calls=", StringComparison.Ordinal))
                {
                    counts[name["cmdstat_".Length..]] = long.Parse(calls.AsSpan("calls=".Length), CultureInfo.InvariantCulture);
                }
            }
        }

        return counts;
    }
}
