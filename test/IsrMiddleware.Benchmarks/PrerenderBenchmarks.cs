using BenchmarkDotNet.Attributes;
using IsrMiddleware.Benchmarks.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// Pre-rendering one page with a trivial minimal-API endpoint (<c>/p/{id}</c>, a few dozen bytes of HTML), in the
/// same kind of app as <see cref="MemoryHitBenchmarks"/>: <see cref="Render"/> is the real
/// <see cref="PageRenderer"/> alone (synthetic context through the pipeline, response captured), and
/// <see cref="RenderAndStore"/> is what start-up pre-rendering does per page (<see cref="PageGenerator"/>: the
/// cache look-ups, the render through the resilience pipeline, the entity tag, the memory tier and the disk file,
/// written and flushed). Each <see cref="RenderAndStore"/> operation renders a new key, so nothing is found stored.
/// </summary>
/// <remarks>Public and unsealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
public class PrerenderBenchmarks
{
    private InProcessHost _host = null!;
    private PageRenderer _renderer = null!;
    private PageGenerator _generator = null!;
    private StaticRoute _route = null!;
    private int _next;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public async Task<int> Render()
    {
        var result = await _renderer.RenderAsync(_route, "/p/42", RenderReason.Prerender, CancellationToken.None).ConfigureAwait(false);
        return result.Body.Length;
    }

    [Benchmark]
    public async Task<bool> RenderAndStore()
    {
        var key = "/p/" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var generation = await _generator.GenerateAsync(_route, key, declared: true, RenderReason.Prerender).ConfigureAwait(false);
        return generation.HasPage;
    }

    private async Task SetupAsync()
    {
        _host = await InProcessHost.StartAsync(
            _ => { },
            null,
            app =>
            {
                app.UseRouting();
                app.UseStaticParams();

                // No page declared: nothing renders at start, every render below is the benchmark's.
                app.MapGet("/p/{id}", (string id) => Results.Content($"<!DOCTYPE html><html><body><h1>Page {id}</h1></body></html>", "text/html; charset=utf-8"))
                    .WithStaticParams(_ => []);
            }).ConfigureAwait(false);

        _renderer = _host.App.Services.GetRequiredService<PageRenderer>();
        _generator = _host.App.Services.GetRequiredService<PageGenerator>();
        _route = _host.App.Services.GetRequiredService<StaticRouteResolver>().GetAll().Single(route => route.DisplayPattern == "/p/{id}");

        var result = await _renderer.RenderAsync(_route, "/p/42", RenderReason.Prerender, CancellationToken.None).ConfigureAwait(false);
        if (result.Outcome != RenderOutcome.Page)
        {
            throw new InvalidOperationException($"The render answered {result.StatusCode}: {result.Reason}.");
        }
    }
}
