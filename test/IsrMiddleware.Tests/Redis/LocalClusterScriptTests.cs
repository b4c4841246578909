using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Infrastructure;
using Xunit.Abstractions;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Redis;

/// <summary>docker/local-cluster.sh: redis-server, two sample-site processes and nginx on 127.0.0.1, as compose runs them.</summary>
public sealed partial class LocalClusterScriptTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private readonly int _site1 = FreePort();
    private readonly int _site2 = FreePort();
    private readonly int _nginx = FreePort();
    private readonly int _redis = FreePort();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await RunScriptAsync("stop");
        _work.Dispose();
    }

    [Fact]
    public async Task The_local_cluster_shares_one_render_per_page_and_a_revalidation_through_the_balancer_reaches_both_instances()
    {
        var (code, log) = await RunScriptAsync("start");
        Assert.True(code == 0, log + ReadLogs());

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var first = await RenderIdAsync(client, _site1);
        Assert.Equal(first, await RenderIdAsync(client, _site2));
        Assert.Equal(first, await RenderIdAsync(client, _nginx));

        using var revalidate = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_nginx}/api/revalidate")
        {
            Content = new FormUrlEncodedContent([new("path", "/blog/hello-world")]),
        };
        revalidate.Headers.Add("X-Revalidate-Secret", "local-cluster-secret");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(revalidate)).StatusCode);

        // Both instances drop the old render and settle on one new render, made once for the cluster.
        var clock = Stopwatch.StartNew();
        string? second = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var one = await RenderIdAsync(client, _site1);
            var two = await RenderIdAsync(client, _site2);
            if (one != first && one == two)
            {
                second = one;
                break;
            }

            await Task.Delay(100);
        }

        output.WriteLine($"both instances serve the new render {clock.Elapsed.TotalMilliseconds:F0} ms after the revalidation");
        Assert.NotNull(second);

        // A confirmed revalidation through the balancer returns once both instances applied it: neither serves the
        // old render as fresh afterwards, without waiting.
        using var confirmed = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_nginx}/api/revalidate?path=/blog/hello-world&confirm=true");
        confirmed.Headers.Add("X-Revalidate-Secret", "local-cluster-secret");
        using var answer = await client.SendAsync(confirmed);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var confirmation = json.RootElement.GetProperty("confirmation");
        Assert.True(confirmation.GetProperty("complete").GetBoolean(), confirmation.ToString());
        Assert.Equal(["site1", "site2"], confirmation.GetProperty("applied").EnumerateArray().Select(name => name.GetString()).Order());
        foreach (var port in new[] { _site1, _site2 })
        {
            // STALE, or already the render that the first STALE answer started (made after the invalidation).
            var response = await client.GetAsync($"http://127.0.0.1:{port}/blog/hello-world");
            if (response.Headers.GetValues("X-Isr-Cache").Single() == "HIT")
            {
                Assert.NotEqual(second, RenderId().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);
            }
        }
    }

    private static async Task<string> RenderIdAsync(HttpClient client, int port)
    {
        var response = await client.GetAsync($"http://127.0.0.1:{port}/blog/hello-world");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return RenderId().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
    }

    private async Task<(int Code, string Log)> RunScriptAsync(string command)
    {
        var script = Path.Combine(Repository.Root, "docker", "local-cluster.sh");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { script, command, _work.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["REDIS_PORT"] = _redis.ToString();
        start.Environment["SITE1_PORT"] = _site1.ToString();
        start.Environment["SITE2_PORT"] = _site2.ToString();
        start.Environment["NGINX_PORT"] = _nginx.ToString();
        start.Environment["SITE_DLL"] = Path.Combine(AppContext.BaseDirectory, "SampleSite.dll");
        start.Environment["ISR_REVALIDATE_SECRET"] = "local-cluster-secret";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(240));
        return (process.ExitCode, await stdout + await stderr);
    }

    private string ReadLogs() => string.Join("\n", Directory.GetFiles(_work.Path, "*.log").Select(file => file + ":\n" + File.ReadAllText(file)));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("<meta name=\"render-id\" content=\"([^\"]+)\"")]
    private static partial Regex RenderId();
}
