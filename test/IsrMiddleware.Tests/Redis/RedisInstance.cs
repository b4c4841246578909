using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Redis;

/// <summary>
/// One app instance of a small cluster: its own cache folder and render counter, the Redis store shared with the
/// others. <c>/s/{slug}</c> declares a and b (tag <c>s</c>) and renders unknown slugs blocking; the body names the
/// instance and its build.
/// </summary>
internal static class RedisInstance
{
    public static Task<TestApp> StartAsync(
        string name,
        string redis,
        string prefix,
        TempDirectory cache,
        string buildId = "b1",
        TimeProvider? clock = null,
        TaskCompletionSource? renderGate = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? endpoints = null) => TestApp.StartAsync(
        (app, renders) =>
        {
            endpoints?.Invoke(app);
            app.MapGet("/s/{slug}", async (string slug, HttpContext context) =>
                {
                    var count = renders.Record(context.Request.Path);
                    if (renderGate is not null && slug.StartsWith("slow", StringComparison.Ordinal))
                    {
                        await renderGate.Task.WaitAsync(TimeSpan.FromSeconds(60));
                    }

                    return Results.Content($"<p>{slug} by {name} build {buildId} render {count}</p>", "text/html");
                })
                .WithStaticParams(_ => new[] { "a", "b" }.Select(slug => new RouteValueDictionary { ["slug"] = slug }))
                .WithUnknownParams(UnknownParams.Blocking)
                .WithCacheTags("s");
        },
        Path.Combine(cache.Path, name),
        options => options.BuildId = buildId,
        services: collection =>
        {
            if (clock is not null)
            {
                collection.AddSingleton(clock);
            }

            collection.AddStaticParams().AddRedisStore(options =>
            {
                options.Configuration = redis;
                options.KeyPrefix = prefix;
                options.InstanceName = name;
            });
            services?.Invoke(collection);
        });

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + ":";

    public static string Cache(this HttpResponseMessage response) => response.Headers.GetValues("X-Isr-Cache").Single();
}
