using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>A small app on a TestServer with static params, its own cache folder and a render counter.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, RenderCounter renders)
    {
        App = app;
        Renders = renders;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public RenderCounter Renders { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestApp> StartAsync(
        Action<WebApplication, RenderCounter> map,
        string cacheDirectory,
        Action<StaticParamsOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        string environment = "Production",
        RenderCounter? renders = null,
        Action<WebApplication>? pipeline = null,
        ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        renders ??= new RenderCounter();
        builder.Services.AddSingleton(renders);
        builder.Services.AddStaticParams(options =>
        {
            options.CacheDirectory = cacheDirectory;
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        if (pipeline is null)
        {
            app.UseRouting();
            app.UseStaticParams();
        }
        else
        {
            pipeline(app);
        }

        map(app, renders);
        await app.StartAsync();
        return new TestApp(app, renders);
    }

    /// <summary>Waits, bounded, until start-up pre-rendering has finished.</summary>
    /// <summary>Ready, and start-up's background work (reconciliation, freshness pass) has ended: it may follow readiness.</summary>
    public async Task WaitUntilSettledAsync()
    {
        await WaitUntilReadyAsync();
        await Services.GetRequiredService<PrerenderState>().WhenSettled.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var state = Services.GetRequiredService<PrerenderState>();
            if (state.Error is { } error)
            {
                throw new InvalidOperationException("Pre-rendering failed.", error);
            }

            if (state.IsCompleted)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("Pre-rendering did not finish within 30 s.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
