using IsrMiddleware.Tests.Faults;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Edge;

/// <summary>The sample site as a process on 127.0.0.1 with Varnish in front of it, purged by the site.</summary>
public sealed class VarnishFixture : IAsyncLifetime
{
    public const string Secret = "varnish-test-secret";

    private readonly TempDirectory _root = new();

    public string ContentDirectory => Path.Combine(_root.Path, "content");

    internal SampleSiteProcess Site { get; private set; } = null!;

    internal VarnishProcess Varnish { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TempDirectory.CopyTree(Path.Combine(AppContext.BaseDirectory, "content"), ContentDirectory);
        var varnishPort = VarnishProcess.FreePort();
        Site = await SampleSiteProcess.StartAsync(ContentDirectory, Path.Combine(_root.Path, "cache"), Secret, new Dictionary<string, string>
        {
            ["Isr__Edge__VarnishUrl"] = $"http://127.0.0.1:{varnishPort}/",
        });
        Varnish = await VarnishProcess.StartAsync(varnishPort, VarnishProcess.Vcl(Site.Client.BaseAddress!.Port));
    }

    public async Task DisposeAsync()
    {
        if (Varnish is not null)
        {
            await Varnish.DisposeAsync();
        }

        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        _root.Dispose();
    }
}
