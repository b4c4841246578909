using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace IsrMiddleware.Tests.SampleSite;

public sealed class SampleSiteLoggingTests : IAsyncLifetime
{
    private readonly SampleSiteFactory _site = new();
    private readonly EventSink _events = new();
    private WebApplicationFactory<Program> _logged = null!;

    public async Task InitializeAsync()
    {
        // Request events are Information; the shared factory keeps the rest of the site at Warning.
        _logged = _site.WithWebHostBuilder(builder =>
        {
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information",
            }));
            builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(_events));
        });
        _ = _logged.Services;
        await _site.WaitUntilReadyAsync(_logged.Services);
    }

    public async Task DisposeAsync()
    {
        await _logged.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task Each_request_is_logged_once_through_Serilog_with_its_cache_outcome()
    {
        using var client = _logged.CreateClient();
        await File.WriteAllTextAsync(Path.Combine(_site.ContentDirectory, "products", "tools", "saw.json"), """{"name": "Saw", "price": 9.5}""");

        await client.GetAsync("/blog/hello-world");
        await client.GetAsync("/products/tools/saw");
        await client.GetAsync("/healthz");

        var hit = await _events.WaitForAsync("/blog/hello-world");
        var miss = await _events.WaitForAsync("/products/tools/saw");
        var other = await _events.WaitForAsync("/healthz");
        Assert.Equal("\"HIT\"", hit.Properties["IsrCache"].ToString());
        Assert.Equal("200", hit.Properties["StatusCode"].ToString());
        Assert.Equal("\"MISS\"", miss.Properties["IsrCache"].ToString());
        Assert.Equal("200", miss.Properties["StatusCode"].ToString());
        Assert.Equal("\"-\"", other.Properties["IsrCache"].ToString());
        Assert.Contains("HIT", hit.RenderMessage(), StringComparison.Ordinal);
    }

    private sealed class EventSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

        /// <summary>The request event for a path; it is written once the response has completed.</summary>
        public async Task<LogEvent> WaitForAsync(string path)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                var found = _events.Where(e => e.Properties.TryGetValue("RequestPath", out var value) && value.ToString() == $"\"{path}\"").ToList();
                if (found.Count > 0)
                {
                    Assert.Single(found);
                    return found[0];
                }

                Assert.True(DateTime.UtcNow < deadline, $"no request event for {path} within 10 s");
                await Task.Delay(20);
            }
        }
    }
}
