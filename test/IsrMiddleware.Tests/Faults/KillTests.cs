using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Faults;

public sealed class KillTests : IDisposable
{
    private const string Secret = "kill-test-secret";
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(1.5);

    private readonly TempDirectory _root = new();

    private string Content => Path.Combine(_root.Path, "content");

    private string Cache => Path.Combine(_root.Path, "cache");

    [Fact]
    public async Task Kill_9_during_writes_leaves_only_whole_pages_and_a_restart_serves_them()
    {
        TempDirectory.CopyTree(Path.Combine(AppContext.BaseDirectory, "content"), Content);
        for (var i = 0; i < 30; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(Content, "products", "tools", $"extra-{i}.json"), $$"""{"name": "Extra {{i}}", "price": {{i}}.5}""");
        }

        for (var round = 0; round < 2; round++)
        {
            var site = await SampleSiteProcess.StartAsync(Content, Cache, Secret);
            await LoadUntilKilledAsync(site, round);
            await site.DisposeAsync();

            foreach (var file in Directory.EnumerateFiles(Cache, "*.page", SearchOption.AllDirectories))
            {
                Assert.NotNull(PageFileFormat.Deserialize(await File.ReadAllBytesAsync(file)));
            }
        }

        await using var restarted = await SampleSiteProcess.StartAsync(Content, Cache, Secret);
        Assert.Empty(Directory.EnumerateFiles(Cache, "*.tmp", SearchOption.AllDirectories));
        for (var i = 0; i < 30; i++)
        {
            var response = await restarted.Client.GetAsync($"/products/tools/extra-{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"Extra {i}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task LoadUntilKilledAsync(SampleSiteProcess site, int round)
    {
        using var stop = new CancellationTokenSource(LoadTime);
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var random = new Random(round * 100 + worker);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (random.Next(10) == 0)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/revalidate?tag=products&mode=eager");
                        request.Headers.Add("X-Revalidate-Secret", Secret);
                        await site.Client.SendAsync(request, stop.Token);
                    }
                    else
                    {
                        await site.Client.GetAsync($"/products/tools/extra-{random.Next(30)}", stop.Token);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
                {
                }
            }
        })).ToArray();

        // Kill while the workers are still writing pages.
        await Task.Delay(LoadTime - TimeSpan.FromMilliseconds(300));
        site.Kill();
        await Task.WhenAll(workers);
    }

    public void Dispose() => _root.Dispose();
}
