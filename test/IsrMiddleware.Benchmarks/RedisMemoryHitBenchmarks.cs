using BenchmarkDotNet.Attributes;
using IsrMiddleware.Benchmarks.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// A memory-tier hit when the durable tier is Redis, next to the same hit over the default disk store: the Redis store
/// must cost nothing on a hit (no round trip; freshness is decided from the in-memory invalidation table).
/// </summary>
/// <remarks>
/// <para>
/// Two <see cref="InProcessHost"/> apps in one process, the same pipeline and the same pre-rendered page
/// (<c>/isr/page</c>, <see cref="BenchPage"/>): one with the default disk store, one with <c>AddRedisStore</c> over a
/// redis-server that the setup starts on a free port of 127.0.0.1 (and kills in the cleanup). Requests run as in
/// <see cref="MemoryHitBenchmarks"/>.
/// </para>
/// <para>
/// The setup also checks the claim directly: it reads redis-server's <c>INFO commandstats</c>, runs
/// <see cref="CheckedHits"/> hits on the Redis-backed app, reads it again, and fails unless the only commands run in
/// between are the reading itself (<c>info</c>), the connection's own keep-alive (<c>ping</c>, <c>echo</c>) and the
/// instance's beat (heartbeat script, invalidation-log read: by the clock, far fewer than one per hundred hits);
/// the count is printed with the results.
/// </para>
/// <para>Public and unsealed: BenchmarkDotNet derives from benchmark classes.</para>
/// </remarks>
[MemoryDiagnoser]
public class RedisMemoryHitBenchmarks
{
    /// <summary>The hits of the setup's zero-command check.</summary>
    public const int CheckedHits = 10_000;

    private static readonly HashSet<string> Background = new(StringComparer.Ordinal) { "info", "ping", "echo", "evalsha", "eval", "zrangebyscore", "zrange" };

    private RedisProcess _redis = null!;
    private InProcessHost _disk = null!;
    private InProcessHost _onRedis = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    /// <summary>A memory-tier hit with the default disk store under it.</summary>
    [Benchmark(Baseline = true)]
    public Task DiskStoreMemoryHit() => _disk.SendAsync("/isr/page");

    /// <summary>A memory-tier hit with the Redis store under it.</summary>
    [Benchmark]
    public Task RedisStoreMemoryHit() => _onRedis.SendAsync("/isr/page");

    private async Task SetupAsync()
    {
        _redis = await RedisProcess.StartAsync().ConfigureAwait(false);
        _disk = await StartAsync(configureRedis: null).ConfigureAwait(false);
        _onRedis = await StartAsync(redis => redis.Configuration = _redis.Configuration).ConfigureAwait(false);

        await _disk.ExpectAsync("/isr/page", 200, "HIT").ConfigureAwait(false);
        await _onRedis.ExpectAsync("/isr/page", 200, "HIT").ConfigureAwait(false);

        var before = await _redis.CommandCountsAsync().ConfigureAwait(false);
        for (var i = 0; i < CheckedHits; i++)
        {
            await _onRedis.ExpectAsync("/isr/page", 200, "HIT").ConfigureAwait(false);
        }

        var after = await _redis.CommandCountsAsync().ConfigureAwait(false);
        var ran = RedisProcess.Difference(before, after);
        Console.WriteLine($"// Redis commands during {CheckedHits:N0} memory-tier hits: " +
            (ran.Count == 0 ? "none" : string.Join(", ", ran.Select(pair => $"{pair.Key} {pair.Value}"))));
        var unexpected = ran.Where(pair => !Background.Contains(pair.Key)).ToList();
        if (unexpected.Count > 0 || ran.GetValueOrDefault("info") > 1 || ran.Values.Sum() > CheckedHits / 100)
        {
            throw new InvalidOperationException(
                $"Memory-tier hits ran Redis commands: {string.Join(", ", ran.Select(pair => $"{pair.Key} {pair.Value}"))}.");
        }
    }

    private static Task<InProcessHost> StartAsync(Action<IsrMiddleware.Redis.RedisStoreOptions>? configureRedis) =>
        InProcessHost.StartAsync(
            _ => { },
            builder =>
            {
                if (configureRedis is not null)
                {
                    builder.Services.AddStaticParams().AddRedisStore(configureRedis);
                }
            },
            app =>
            {
                app.UseRouting();
                app.UseStaticParams();
                app.MapGet("/isr/page", WriteRawAsync).WithStaticParams();
            });

    private async Task CleanupAsync()
    {
        await _onRedis.DisposeAsync().ConfigureAwait(false);
        await _disk.DisposeAsync().ConfigureAwait(false);
        await _redis.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task WriteRawAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = BenchPage.ContentType;
        response.ContentLength = BenchPage.Bytes.Length;
        await response.BodyWriter.WriteAsync(BenchPage.Bytes).ConfigureAwait(false);
    }
}
