using BenchmarkDotNet.Attributes;
using IsrMiddleware.Benchmarks.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// A whole memory-tier hit, next to the references of the performance issue, in one real app.
/// </summary>
/// <remarks>
/// <para>
/// How it measures: the app is a real <see cref="WebApplication"/> (Production, pre-rendered at start) whose server is
/// a <see cref="CapturingServer"/>: each operation runs one GET through the very object Kestrel would call
/// (<c>IHttpApplication.CreateContext / ProcessRequestAsync / DisposeContext</c>), so the hosting layer, routing, the
/// middleware and the endpoint all run as in production, but no socket, HTTP parser or Kestrel buffer does. This is
/// why <c>UseTestServer()</c> is not used (its request and response streams allocate per request and dominate), nor
/// a second <c>Build()</c> of the app (it would construct the middleware twice). The response body is
/// <see cref="Stream.Null"/>.
/// </para>
/// <para>
/// Reading the figures: the harness itself allocates per request (the features, the <see cref="DefaultHttpContext"/>,
/// its header dictionaries and the stream pipe writer), which Kestrel would pool. <see cref="Raw"/> pays exactly that
/// and nothing else, so "allocated beyond Kestrel's own" for a hit is <c>IsrHit - Raw</c>, and what the library
/// alone adds on top of endpoint routing is <c>IsrHit - RawEndpoint</c>.
/// </para>
/// <para>Public and unsealed: BenchmarkDotNet derives from benchmark classes.</para>
/// </remarks>
[MemoryDiagnoser]
public class MemoryHitBenchmarks
{
    private InProcessHost _host = null!;
    private string _etag = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The first middleware writes the preallocated page: "raw Kestrel" plus the hosting layer.</summary>
    [Benchmark(Baseline = true)]
    public Task Raw() => _host.SendAsync("/raw");

    /// <summary>The same bytes from an endpoint: adds endpoint routing (and the pass-through middleware).</summary>
    [Benchmark]
    public Task RawEndpoint() => _host.SendAsync("/raw-endpoint");

    /// <summary>ASP.NET Core Output Caching serving the same bytes from its memory store.</summary>
    [Benchmark]
    public Task OutputCacheHit() => _host.SendAsync("/oc");

    /// <summary>A static route without parameters, pre-rendered: a memory-tier hit.</summary>
    [Benchmark]
    public Task IsrHit() => _host.SendAsync("/isr/page");

    /// <summary>A static route with two parameters (<c>/products/{category}/{id}</c>), pre-rendered: key binding included.</summary>
    [Benchmark]
    public Task IsrHit_TwoParams() => _host.SendAsync("/products/tools/hammer");

    /// <summary>A revalidation with a matching If-None-Match: 304 without a body.</summary>
    [Benchmark]
    public Task IsrNotModified() => _host.SendAsync("/isr/page", _etag);

    /// <summary>One GET with the response's header dictionary pre-sized (not a benchmark: the ablation of <see cref="InterleavedHitRun"/>).</summary>
    internal Task SendPresized(string path, int responseHeaderCapacity) => _host.SendAsync(path, null, responseHeaderCapacity);

    private async Task SetupAsync()
    {
        _host = await InProcessHost.StartAsync(
            isr => isr.ServeBeforeRouting = BenchPage.ServeBeforeRouting,
            builder => builder.Services.AddOutputCache(),
            app =>
            {
                app.Use((context, next) => context.Request.Path == "/raw" ? WriteRawAsync(context) : next(context));
                app.UseRouting();
                app.UseOutputCache();
                app.UseStaticParams();
                app.MapGet("/raw-endpoint", WriteRawAsync);
                app.MapGet("/oc", WriteRawAsync).CacheOutput(policy => policy.Expire(TimeSpan.FromDays(1)));
                app.MapGet("/isr/page", WriteRawAsync).WithStaticParams();
                app.MapGet("/products/{category}/{id}", WriteRawAsync)
                    .WithStaticParams(_ => [new RouteValueDictionary { ["category"] = "tools", ["id"] = "hammer" }]);
            }).ConfigureAwait(false);

        // Serving before routing starts once its page map is built (in the background, on the first request).
        await _host.App.Services.GetRequiredService<IsrMiddleware.Serving.FastPathMap>().RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        await _host.ExpectAsync("/raw", 200).ConfigureAwait(false);
        await _host.ExpectAsync("/raw-endpoint", 200).ConfigureAwait(false);
        await _host.ExpectAsync("/oc", 200).ConfigureAwait(false);
        await _host.ExpectAsync("/products/tools/hammer", 200, "HIT").ConfigureAwait(false);
        var hit = await _host.ExpectAsync("/isr/page", 200, "HIT").ConfigureAwait(false);
        _etag = hit.Headers.ETag.ToString();
        await _host.ExpectAsync("/isr/page", 304, "HIT", _etag).ConfigureAwait(false);
    }

    private static async Task WriteRawAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = BenchPage.ContentType;
        response.ContentLength = BenchPage.Bytes.Length;
        await response.BodyWriter.WriteAsync(BenchPage.Bytes).ConfigureAwait(false);
    }
}
