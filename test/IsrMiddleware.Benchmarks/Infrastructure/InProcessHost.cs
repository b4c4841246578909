using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Benchmarks.Infrastructure;

/// <summary>
/// A real <see cref="WebApplication"/> (Production environment, no log providers, a temporary cache folder) started
/// on a <see cref="CapturingServer"/>, whose requests are run in-process with a response body of
/// <see cref="Stream.Null"/>.
/// </summary>
internal sealed class InProcessHost : IAsyncDisposable
{
    // Kestrel hands every request a lifetime feature; sharing one keeps the harness from allocating it per request.
    private static readonly IHttpRequestLifetimeFeature Lifetime = new HttpRequestLifetimeFeature();

    private readonly CapturingServer _server;

    private InProcessHost(WebApplication app, CapturingServer server, string directory)
    {
        App = app;
        _server = server;
        Directory = directory;
    }

    public WebApplication App { get; }

    /// <summary>The temporary folder holding the app's cache folder; deleted on dispose.</summary>
    public string Directory { get; }

    public static async Task<InProcessHost> StartAsync(
        Action<StaticParamsOptions> configureIsr, Action<WebApplicationBuilder>? configureBuilder, Action<WebApplication> configureApp)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("isr-bench-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = directory,
        });
        builder.Logging.ClearProviders();
        var server = new CapturingServer();
        builder.Services.AddSingleton<IServer>(server);
        builder.Services.AddStaticParams(options =>
        {
            options.CacheDirectory = Path.Combine(directory, "cache");
            configureIsr(options);
        });
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        configureApp(app);
        await app.StartAsync().ConfigureAwait(false);
        var host = new InProcessHost(app, server, directory);
        await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return host;
    }

    /// <summary>Runs one GET through the pipeline; returns the response feature for checks.</summary>
    public async Task<IHttpResponseFeature> SendAsync(string path, string? ifNoneMatch = null, string? cookie = null, string? acceptEncoding = null)
    {
        var request = new HttpRequestFeature
        {
            Protocol = "HTTP/1.1",
            Method = HttpMethods.Get,
            Scheme = "http",
            PathBase = string.Empty,
            Path = path,
            QueryString = string.Empty,
            RawTarget = path,
        };
        request.Headers.Host = "127.0.0.1";
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch = ifNoneMatch;
        }

        if (cookie is not null)
        {
            request.Headers.Cookie = cookie;
        }

        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding = acceptEncoding;
        }

        var response = new HttpResponseFeature();
        var body = new StreamResponseBodyFeature(Stream.Null);
        var features = new FeatureCollection(4);
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(body);
        features.Set(Lifetime);

        await _server.Runner!.RunAsync(features).ConfigureAwait(false);
        await body.CompleteAsync().ConfigureAwait(false);
        return response;
    }

    /// <summary>Sends a request and fails unless it answers the expected status (and X-Isr-Cache value, when given).</summary>
    public async Task<IHttpResponseFeature> ExpectAsync(string path, int status, string? cacheStatus = null, string? ifNoneMatch = null)
    {
        var response = await SendAsync(path, ifNoneMatch).ConfigureAwait(false);
        if (response.StatusCode != status
            || (cacheStatus is not null && response.Headers["X-Isr-Cache"] != cacheStatus))
        {
            throw new InvalidOperationException(
                $"GET {path} answered {response.StatusCode} (X-Isr-Cache: {response.Headers["X-Isr-Cache"]}), expected {status} {cacheStatus}.");
        }

        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        var health = App.Services.GetRequiredService<HealthCheckService>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        while ((await health.CheckHealthAsync().ConfigureAwait(false)).Status != HealthStatus.Healthy)
        {
            if (started.Elapsed > limit)
            {
                throw new TimeoutException("Pre-rendering did not finish in time.");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
