using System.Diagnostics;
using System.Net;
using IsrMiddleware.Tests.Faults;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.SampleSite;

/// <summary>The built site started as <c>dotnet path/to/SampleSite.dll</c> from a folder that is not its own.</summary>
public sealed class SampleSiteStartupProcessTests : IDisposable
{
    private readonly TempDirectory _elsewhere = new();

    [Fact]
    public async Task Started_from_another_folder_the_site_reads_the_settings_and_content_beside_it()
    {
        await using var site = await SampleSiteProcess.StartAsync(
            contentDirectory: null, Path.Combine(_elsewhere.Path, "cache"), "startup-secret", workingDirectory: _elsewhere.Path);

        var post = await site.Client.GetAsync("/blog/hello-world");
        var product = await site.Client.GetAsync("/products/tools/hammer");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("HIT", post.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(HttpStatusCode.OK, product.StatusCode);

        // appsettings.json was read: its Serilog console sink writes the host's start-up line in its own format.
        var clock = Stopwatch.StartNew();
        while (!site.Output.Contains("Microsoft.Hosting.Lifetime: Now listening on", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.Contains("Microsoft.Hosting.Lifetime: Now listening on", site.Output, StringComparison.Ordinal);
        Assert.Equal(["cache"], Directory.EnumerateFileSystemEntries(_elsewhere.Path).Select(Path.GetFileName));
    }

    public void Dispose() => _elsewhere.Dispose();
}
