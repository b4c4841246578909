using System.Collections.Concurrent;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Revalidation;

/// <summary>
/// A route <c>/items/{slug}</c> (pages a, b, c; revalidate 60 s; tag <c>items</c>, and <c>item:{slug}</c> added while
/// rendering) whose backend the test controls: the version rendered, failures, 404s, redirects and a gate.
/// </summary>
internal sealed class RevalidationBackend
{
    public static readonly TimeSpan Revalidate = TimeSpan.FromSeconds(60);

    public FakeTimeProvider Time { get; } = new();

    public string Version { get; set; } = "v1";

    public bool Failing { get; set; }

    public ConcurrentDictionary<string, byte> Missing { get; } = new();

    public ConcurrentDictionary<string, string> Redirects { get; } = new();

    /// <summary>When set, renders after start-up wait for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Task<TestApp> StartAsync(
        string cacheDirectory,
        Action<StaticParamsOptions>? configure = null,
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? services = null) =>
        TestApp.StartAsync(
            (app, renders) =>
            {
                app.MapGet("/items/{slug}", async (string slug, HttpContext context) =>
                    {
                        renders.Record(context.Request.Path);
                        if (Gate is { } gate)
                        {
                            await gate.Task;
                        }

                        if (Failing)
                        {
                            throw new InvalidOperationException("backend down");
                        }

                        if (Missing.ContainsKey(slug))
                        {
                            return Results.NotFound();
                        }

                        if (Redirects.TryGetValue(slug, out var location))
                        {
                            return Results.Redirect(location);
                        }

                        context.AddCacheTags($"item:{slug}");
                        return Results.Content($"<p>{slug} {Version}</p>", "text/html");
                    })
                    .WithStaticParams(_ => new[] { "a", "b", "c" }.Select(slug => new RouteValueDictionary { ["slug"] = slug }))
                    .WithUnknownParams(UnknownParams.Blocking)
                    .WithRevalidate(Revalidate)
                    .WithCacheTags("items");
                map?.Invoke(app);
            },
            cacheDirectory,
            options =>
            {
                options.RenderRetry.MaxRetryAttempts = 0;
                configure?.Invoke(options);
            },
            collection =>
            {
                collection.AddSingleton<TimeProvider>(Time);
                services?.Invoke(collection);
            });

    public static Task WaitForIdleAsync(TestApp app) => app.Services.WaitForIdleAsync();
}
