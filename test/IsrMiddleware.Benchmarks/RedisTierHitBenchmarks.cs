using BenchmarkDotNet.Attributes;
using IsrMiddleware.Benchmarks.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// A hit read from Redis (the memory tier does not hold the page), next to ASP.NET Core Output Caching serving the
/// same bytes from its Redis store (<c>AddStackExchangeRedisOutputCache</c>).
/// </summary>
/// <remarks>
/// <para>
/// How every request misses the memory tier: the app's <see cref="StaticParamsOptions.MemoryLimitBytes"/> is 1 byte,
/// so no page ever fits. This is the library's own rule, not a seam: the memory tier refuses a page larger than its
/// limit up front (<c>MemoryPageCache.Set</c>), so the pre-render stores the page in Redis only, and every request
/// reads it from Redis (one <c>HMGET</c> of the page's hash: metadata, body and both precompressed variants), does
/// not try to promote it, and answers <c>HIT</c> from the bytes read. The setup checks that each request ran exactly
/// one <c>hmget</c> on the server, so no request is served from memory.
/// </para>
/// <para>
/// Both routes live in one <see cref="InProcessHost"/> app (the pipeline is <c>UseRouting → UseOutputCache →
/// UseStaticParams</c>) over one redis-server that the setup starts on a free port of 127.0.0.1 and the cleanup
/// kills; each has its own connection to it. Output Caching's Redis store keeps no copy in memory either: every hit
/// is a round trip for it too.
/// </para>
/// <para>Public and unsealed: BenchmarkDotNet derives from benchmark classes.</para>
/// </remarks>
[MemoryDiagnoser]
public class RedisTierHitBenchmarks
{
    private const int CheckedHits = 1_000;

    private RedisProcess _redis = null!;
    private InProcessHost _host = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    /// <summary>Output Caching's hit from its Redis store.</summary>
    [Benchmark(Baseline = true)]
    public Task OutputCacheRedisHit() => _host.SendAsync("/oc");

    /// <summary>The library's hit from its Redis store, the memory tier missed.</summary>
    [Benchmark]
    public Task IsrRedisHit() => _host.SendAsync("/isr/page");

    private async Task SetupAsync()
    {
        _redis = await RedisProcess.StartAsync().ConfigureAwait(false);
        var configuration = _redis.Configuration;
        _host = await InProcessHost.StartAsync(
            isr => isr.MemoryLimitBytes = 1,
            builder =>
            {
                builder.Services.AddStaticParams().AddRedisStore(redis => redis.Configuration = configuration);
                builder.Services.AddStackExchangeRedisOutputCache(outputCache => outputCache.Configuration = configuration);
                builder.Services.AddOutputCache();
            },
            app =>
            {
                app.UseRouting();
                app.UseOutputCache();
                app.UseStaticParams();
                app.MapGet("/oc", WriteRawAsync).CacheOutput(policy => policy.Expire(TimeSpan.FromDays(1)));
                app.MapGet("/isr/page", WriteRawAsync).WithStaticParams();
            }).ConfigureAwait(false);

        await _host.ExpectAsync("/oc", 200).ConfigureAwait(false);
        await _host.ExpectAsync("/oc", 200).ConfigureAwait(false);
        await _host.ExpectAsync("/isr/page", 200, "HIT").ConfigureAwait(false);

        var before = await _redis.CommandCountsAsync().ConfigureAwait(false);
        for (var i = 0; i < CheckedHits; i++)
        {
            await _host.ExpectAsync("/isr/page", 200, "HIT").ConfigureAwait(false);
        }

        var after = await _redis.CommandCountsAsync().ConfigureAwait(false);
        var ran = RedisProcess.Difference(before, after);
        Console.WriteLine($"// Redis commands during {CheckedHits:N0} ISR hits: {string.Join(", ", ran.Select(pair => $"{pair.Key} {pair.Value}"))}");
        if (ran.GetValueOrDefault("hmget") != CheckedHits)
        {
            throw new InvalidOperationException($"Expected one HMGET per hit (every hit missing the memory tier), saw {ran.GetValueOrDefault("hmget")}.");
        }

        before = after;
        for (var i = 0; i < CheckedHits; i++)
        {
            await _host.ExpectAsync("/oc", 200).ConfigureAwait(false);
        }

        ran = RedisProcess.Difference(before, await _redis.CommandCountsAsync().ConfigureAwait(false));
        Console.WriteLine($"// Redis commands during {CheckedHits:N0} Output Caching hits: {string.Join(", ", ran.Select(pair => $"{pair.Key} {pair.Value}"))}");
    }

    private async Task CleanupAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
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
