namespace IsrMiddleware.Tests.SampleSite;

/// <summary>A fresh sample site per test, pre-rendered, with a client that does not follow redirects.</summary>
public abstract class SampleSiteTestBase : IAsyncLifetime
{
    protected SampleSiteFactory Site { get; } = new();

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = Site.CreateClient(new() { AllowAutoRedirect = false });
        await Site.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Site.DisposeAsync();
    }
}
