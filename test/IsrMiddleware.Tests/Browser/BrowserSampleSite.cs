using IsrMiddleware.Tests.Faults;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Browser;

/// <summary>The sample site as a real Kestrel process on 127.0.0.1 (a browser cannot reach a TestServer), with its own content and cache folders.</summary>
public sealed class BrowserSampleSite : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private SampleSiteProcess? _site;

    public BrowserSampleSite()
    {
        ContentDirectory = Path.Combine(_root.Path, "content");
        TempDirectory.CopyTree(Path.Combine(AppContext.BaseDirectory, "content"), ContentDirectory);
    }

    public string ContentDirectory { get; }

    public Uri BaseAddress => _site?.Client.BaseAddress ?? throw new InvalidOperationException("The site is not started.");

    public async Task InitializeAsync() =>
        _site = await SampleSiteProcess.StartAsync(ContentDirectory, Path.Combine(_root.Path, "cache"), "browser-secret");

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        _root.Dispose();
    }
}
