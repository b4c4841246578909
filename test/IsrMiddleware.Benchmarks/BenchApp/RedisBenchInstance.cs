using System.Globalization;
using Microsoft.AspNetCore.Routing;
using IsrMiddleware.Engine;

namespace IsrMiddleware.BenchApp;

/// <summary>One instance of <see cref="RedisPropagationBench"/>'s cluster: its app, its port and its renders.</summary>
internal sealed record RedisBenchInstance(WebApplication App, int Port, RenderCounts Renders)
{
    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public static RedisBenchInstance Build(int index, string redis, string prefix, string contentRoot)
    {
        var port = Readiness.FreePort();
        var renders = new RenderCounts();
        var builder = BenchHosting.CreateBuilder(port, contentRoot);
        builder.Services.AddStaticParams(isr =>
            {
                isr.CacheDirectory = Path.Combine(contentRoot, "isr-cache");
                isr.CanonicalOrigin = new Uri($"http://127.0.0.1:{port}");
            })
            .AddRedisStore(options =>
            {
                options.Configuration = redis;
                options.KeyPrefix = prefix;
                options.InstanceName = $"i{index}";
            });

        var app = builder.Build();
        app.UseRouting();
        app.UseStaticParams();
        app.MapGet("/d/{id}", (string id, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return Results.Content($"<p>page {id} by i{index}</p>", "text/html; charset=utf-8");
            })
            .WithStaticParams(_ => Enumerable.Range(0, RedisPropagationBench.DeclaredPages).Select(i => new RouteValueDictionary { ["id"] = i.ToString(CultureInfo.InvariantCulture) }))
            .WithCacheTags("d");
        app.MapGet("/n/{id}", async (string id, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                await Task.Delay(RedisPropagationBench.NewPageRender, context.RequestAborted).ConfigureAwait(false);
                return Results.Content($"<p>new page {id} by i{index}</p>", "text/html; charset=utf-8");
            })
            .WithStaticParams(_ => [])
            .WithUnknownParams(UnknownParams.Blocking);
        app.MapHealthChecks("/healthz");
        return new RedisBenchInstance(app, port, renders);
    }
}
