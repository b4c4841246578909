using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Faults;

/// <summary>
/// The disk index under kill -9: a process killed while pages are regenerated and path invalidations acknowledged,
/// then started again over the same folder (so its index comes from the snapshot and the journals the dead process
/// left), serves only whole pages of the right key, and no page rendered before an acknowledged invalidation as a hit.
/// </summary>
public sealed partial class IndexKillTests : IDisposable
{
    private const string Secret = "index-kill-secret";
    private const int Products = 30;
    private static readonly TimeSpan LoadLimit = TimeSpan.FromSeconds(60);

    // Answers (pages and acknowledged invalidations) the workers see before the kill: enough that writes are under way.
    private const int AnswersBeforeKill = 300;

    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string Content => Path.Combine(_root.Path, "content");

    private string Cache => Path.Combine(_root.Path, "cache");

    // Pages stay fresh for the whole test unless invalidated, so a hit after the restart is a claim of freshness.
    private static readonly Dictionary<string, string> LongRevalidate = new() { ["SampleSite__ProductRevalidateSeconds"] = "3600" };

    [Fact]
    public async Task Kill_9_during_index_writes_loses_no_acknowledged_invalidation_and_serves_no_wrong_page()
    {
        TempDirectory.CopyTree(Path.Combine(AppContext.BaseDirectory, "content"), Content);
        for (var i = 0; i < Products; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(Content, "products", "tools", $"extra-{i}.json"), $$"""{"name": "Extra {{i}}", "price": {{i}}.5}""");
        }

        var acknowledged = new ConcurrentDictionary<int, DateTimeOffset>();
        for (var round = 0; round < 2; round++)
        {
            var site = await SampleSiteProcess.StartAsync(Content, Cache, Secret, LongRevalidate);
            await LoadUntilKilledAsync(site, round, acknowledged);
            await site.DisposeAsync();
        }

        Assert.NotEmpty(acknowledged);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Cache, "pages"), "*.page", SearchOption.AllDirectories))
        {
            Assert.NotNull(PageFileFormat.Deserialize(await File.ReadAllBytesAsync(file)));
        }

        await using var restarted = await SampleSiteProcess.StartAsync(Content, Cache, Secret, LongRevalidate);
        for (var i = 0; i < Products; i++)
        {
            using var response = await restarted.Client.GetAsync($"/products/tools/extra-{i}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"Extra {i}<", body, StringComparison.Ordinal);
            if (response.Headers.GetValues("X-Isr-Cache").Single() == "HIT" && acknowledged.TryGetValue(i, out var invalidatedBefore))
            {
                var generatedAt = DateTimeOffset.Parse(GeneratedAt().Match(body).Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                Assert.True(generatedAt >= invalidatedBefore, $"extra-{i}: a hit rendered at {generatedAt:O}, before the invalidation acknowledged after {invalidatedBefore:O}");
            }
        }
    }

    /// <summary>
    /// Eight workers request the products and invalidate them by path (lazily: the next request regenerates), noting
    /// for each product when the latest acknowledged invalidation was sent; the process is killed while they run.
    /// </summary>
    private static async Task LoadUntilKilledAsync(SampleSiteProcess site, int round, ConcurrentDictionary<int, DateTimeOffset> acknowledged)
    {
        using var stop = new CancellationTokenSource(LoadLimit);
        var answers = 0;
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var random = new Random(round * 100 + worker);
            for (var request = 0; request < 10_000 && !stop.IsCancellationRequested; request++)
            {
                var product = random.Next(Products);
                try
                {
                    if (random.Next(4) == 0)
                    {
                        var sent = DateTimeOffset.UtcNow;
                        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/revalidate?path=/products/tools/extra-{product}");
                        message.Headers.Add("X-Revalidate-Secret", Secret);
                        using var response = await site.Client.SendAsync(message, stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.AddOrUpdate(product, sent, (_, known) => sent > known ? sent : known);
                        }

                        Interlocked.Increment(ref answers);
                    }
                    else
                    {
                        using var response = await site.Client.GetAsync($"/products/tools/extra-{product}", stop.Token);
                        Interlocked.Increment(ref answers);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
                {
                }
            }
        })).ToArray();

        // Kill while the workers are still writing pages and recording invalidations: once they have had answers enough.
        while (Volatile.Read(ref answers) < AnswersBeforeKill && !stop.IsCancellationRequested && !workers.All(worker => worker.IsCompleted))
        {
            await Task.Delay(10);
        }

        site.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    [GeneratedRegex("""<meta name="generated-at" content="([^"]+)">""")]
    private static partial Regex GeneratedAt();
}
