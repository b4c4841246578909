using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IsrMiddleware.Tests.Freshness;

/// <summary>
/// A route <c>/v/{slug}</c> (pages a and b, tag <c>versions</c>) whose endpoint reads the data version first, then
/// waits on a gate the test holds, then renders what it read: a render that started before a change finishes after it.
/// </summary>
internal sealed class VersionedBackend
{
    private TaskCompletionSource _gate = Opened();

    public JumpingClock Time { get; } = new();

    public string Version { get; set; } = "v1";

    public string[] Slugs { get; set; } = ["a", "b"];

    /// <summary>When set, the params provider throws, as a CMS that is down.</summary>
    public bool ProviderFails { get; set; }

    /// <summary>Every log entry of the apps started.</summary>
    public FakeLoggerProvider Logs { get; } = new();

    /// <summary>Signalled each time a render has read the version and waits on the gate.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    /// <summary>From now on, renders wait after reading the version until <see cref="Open"/>.</summary>
    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public async Task WaitForRenderToReadAsync()
    {
        if (!await Entered.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("No render read the data within 10 s.");
        }
    }

    public Task<TestApp> StartAsync(string cacheDirectory, TimeSpan? revalidate = null, Action<StaticParamsOptions>? configure = null) =>
        TestApp.StartAsync(
            (app, renders) =>
            {
                var route = app.MapGet("/v/{slug}", async (string slug, HttpContext context) =>
                    {
                        renders.Record(context.Request.Path);
                        var version = Version;
                        var gate = _gate;
                        if (!gate.Task.IsCompleted)
                        {
                            Entered.Release();
                            await gate.Task;
                        }

                        return Results.Content($"<p>{slug} {version}</p>", "text/html");
                    })
                    .WithStaticParams(_ => ProviderFails
                        ? throw new HttpRequestException("CMS unreachable")
                        : Slugs.Select(slug => new RouteValueDictionary { ["slug"] = slug }))
                    .WithCacheTags("versions");
                if (revalidate is { } period)
                {
                    route.WithRevalidate(period);
                }
            },
            cacheDirectory,
            options =>
            {
                options.RenderRetry.MaxRetryAttempts = 0;
                configure?.Invoke(options);
            },
            services => services.AddSingleton<TimeProvider>(Time).AddSingleton<ILoggerProvider>(Logs));

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
