using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Faults;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Freshness;

/// <summary>A deploy as users run it: the real sample site restarted over its cache folder with a new build id.</summary>
public sealed partial class SampleSiteDeployTests : IDisposable
{
    private static readonly string[] DeclaredPages =
    [
        "/blog/hello-world", "/blog/isr-explained", "/blog/second-post",
        "/docs/getting-started", "/docs/guides/caching", "/docs/guides/deploy/docker",
        "/products/books/dotnet-in-action", "/products/garden/rake", "/products/garden/shovel",
        "/products/tools/hammer", "/products/tools/wrench",
    ];

    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_restart_with_a_new_build_id_serves_every_declared_page_from_the_new_build_once_ready()
    {
        var content = Path.Combine(_root.Path, "content");
        var cache = Path.Combine(_root.Path, "cache");
        TempDirectory.CopyTree(Path.Combine(AppContext.BaseDirectory, "content"), content);

        var before = new Dictionary<string, string>();
        await using (var first = await SampleSiteProcess.StartAsync(content, cache, "secret", Build("release-1")))
        {
            foreach (var path in DeclaredPages)
            {
                before[path] = RenderId(await first.Client.GetStringAsync(path));
            }
        }

        await using (var same = await SampleSiteProcess.StartAsync(content, cache, "secret", Build("release-1")))
        {
            foreach (var path in DeclaredPages)
            {
                var response = await same.Client.GetAsync(path);
                Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
                Assert.Equal(before[path], RenderId(await response.Content.ReadAsStringAsync()));
            }
        }

        await using var next = await SampleSiteProcess.StartAsync(content, cache, "secret", Build("release-2"));
        foreach (var path in DeclaredPages)
        {
            var response = await next.Client.GetAsync(path);
            Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
            Assert.NotEqual(before[path], RenderId(await response.Content.ReadAsStringAsync()));
        }
    }

    private static Dictionary<string, string> Build(string id) => new() { ["Isr__BuildId"] = id, ["SampleSite__ProductRevalidateSeconds"] = "3600" };

    private static string RenderId(string html) => RenderIdMeta().Match(html) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The page has no render-id meta tag.");

    [GeneratedRegex("<meta name=\"render-id\" content=\"([^\"]+)\"")]
    private static partial Regex RenderIdMeta();
}
