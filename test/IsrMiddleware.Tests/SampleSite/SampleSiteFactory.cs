using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.SampleSite;

/// <summary>The sample site in Production, with its own copy of the content folder and its own cache folder.</summary>
public sealed class SampleSiteFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _root = new();

    public SampleSiteFactory()
    {
        ContentDirectory = Path.Combine(_root.Path, "content");
        CacheDirectory = Path.Combine(_root.Path, "cache");
        TempDirectory.CopyTree(Path.Combine(AppContext.BaseDirectory, "content"), ContentDirectory);
    }

    public string ContentDirectory { get; }

    public string CacheDirectory { get; }

    public string RevalidateSecret { get; } = "test-secret";

    public FakeTimeProvider Time { get; } = new();

    public Task WaitUntilReadyAsync() => WaitUntilReadyAsync(Services);

    /// <summary>Waits, bounded, until the host behind <paramref name="services"/> (this one, or one derived from it) has pre-rendered.</summary>
    public async Task WaitUntilReadyAsync(IServiceProvider services)
    {
        var state = services.GetRequiredService<PrerenderState>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!state.IsCompleted)
        {
            if (state.Error is { } error || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The sample site did not finish pre-rendering.", state.Error);
            }

            await Task.Delay(20);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Isr:CacheDirectory"] = CacheDirectory,
            ["Isr:RevalidateSecret"] = RevalidateSecret,
            ["SampleSite:ContentDirectory"] = ContentDirectory,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:IsrMiddleware"] = "Warning",
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _root.Dispose();
        }
    }
}
