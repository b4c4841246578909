using System.Text;
using BenchmarkDotNet.Attributes;
using IsrMiddleware.Benchmarks.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// A memory-tier hit of the 20 KiB page with one trivial live hole (reading a cookie) against the plain hit of the same
/// page, in one real app run in-process (see <see cref="MemoryHitBenchmarks"/> for the harness): what streaming a hole
/// into a cached shell adds to a hit, in time and allocations.
/// </summary>
[MemoryDiagnoser]
public class HoleHitBenchmarks
{
    private const string Cookie = "user=Ann";

    private static readonly byte[] Head = BenchPage.Bytes.AsSpan(0, 2048).ToArray();
    private static readonly byte[] Tail = BenchPage.Bytes.AsSpan(2048).ToArray();

    private InProcessHost _host = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The page without a hole: a plain memory-tier hit.</summary>
    [Benchmark(Baseline = true)]
    public Task PlainHit() => _host.SendAsync("/plain/page", cookie: Cookie);

    /// <summary>The page with one hole, identity.</summary>
    [Benchmark]
    public Task HoleHit() => _host.SendAsync("/hole/page", cookie: Cookie);

    /// <summary>The page with one hole, gzip: the shell's parts compressed once, the hole stored.</summary>
    [Benchmark]
    public Task HoleHit_Gzip() => _host.SendAsync("/hole/page", cookie: Cookie, acceptEncoding: "gzip");

    /// <summary>The plain page, gzip: its stored variant.</summary>
    [Benchmark]
    public Task PlainHit_Gzip() => _host.SendAsync("/plain/page", cookie: Cookie, acceptEncoding: "gzip");

    private async Task SetupAsync()
    {
        _host = await InProcessHost.StartAsync(
            _ => { },
            builder => builder.Services.AddStaticParams().AddHole("user", (context, _) => ValueTask.FromResult<IHtmlContent>(
                new HtmlContentBuilder().Append(context.HttpContext.Request.Cookies["user"] ?? "nobody"))),
            app =>
            {
                app.UseRouting();
                app.UseStaticParams();
                app.MapGet("/plain/page", context => WriteAsync(context, "nobody")).WithStaticParams();
                app.MapGet("/hole/page", async context => await WriteAsync(context, await context.RenderHoleAsync("user", "nobody"))).WithStaticParams();
            }).ConfigureAwait(false);

        await _host.ExpectAsync("/plain/page", 200, "HIT").ConfigureAwait(false);
        var hole = await _host.SendAsync("/hole/page", cookie: Cookie).ConfigureAwait(false);
        if (hole.StatusCode != 200 || hole.Headers["X-Isr-Cache"] != "HIT" || hole.Headers.CacheControl != "private, no-cache")
        {
            throw new InvalidOperationException($"/hole/page answered {hole.StatusCode} ({hole.Headers["X-Isr-Cache"]}, {hole.Headers.CacheControl}).");
        }
    }

    private static async Task WriteAsync(HttpContext context, string hole)
    {
        context.Response.ContentType = BenchPage.ContentType;
        await context.Response.BodyWriter.WriteAsync(Head).ConfigureAwait(false);
        await context.Response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes(hole)).ConfigureAwait(false);
        await context.Response.BodyWriter.WriteAsync(Tail).ConfigureAwait(false);
    }
}
