using IsrMiddleware.Tests.Faults;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Browser;

/// <summary>The sample site as a Kestrel process whose greeting hole takes 1.5 seconds (<c>SampleSite:GreetingDelayMs</c>).</summary>
public sealed class SlowGreetingSampleSite : IAsyncLifetime
{
    public const int GreetingDelayMs = 1500;

    private readonly TempDirectory _root = new();
    private SampleSiteProcess? _site;

    public Uri BaseAddress => _site?.Client.BaseAddress ?? throw new InvalidOperationException("The site is not started.");

    public async Task InitializeAsync() =>
        _site = await SampleSiteProcess.StartAsync(
            contentDirectory: null,
            Path.Combine(_root.Path, "cache"),
            "browser-secret",
            new Dictionary<string, string> { ["SampleSite__GreetingDelayMs"] = GreetingDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        _root.Dispose();
    }
}
