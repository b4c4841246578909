using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Export;

/// <summary>
/// An app shaped like <c>dotnet new webapp</c> (test/WebAppTemplate: Razor Pages, <c>MapStaticAssets()</c>, a layout
/// whose asset links the pipeline fingerprints, a revalidation endpoint without a secret) exported from its build output
/// as <c>dotnet run -- export &lt;dir&gt;</c> does, and served by nginx.
/// </summary>
public sealed partial class WebAppTemplateExportTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private string Out => Path.Combine(_root.Path, "out");

    [Fact]
    public async Task Exported_template_app_served_by_nginx_answers_200_for_every_asset_link()
    {
        var (exitCode, output) = await RunAsync(["export", Out]);

        Assert.True(exitCode == 0, output);
        var home = File.ReadAllText(Path.Combine(Out, "index.html"));
        Assert.Matches(FingerprintedStylesheet(), home);
        var links = Directory.EnumerateFiles(Out, "*.html", SearchOption.AllDirectories)
            .SelectMany(file => AssetLinks().Matches(File.ReadAllText(file)).Select(match => match.Groups[1].Value))
            .Where(link => link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        Assert.Contains(links, link => link.EndsWith(".css", StringComparison.Ordinal) && link.StartsWith("/css/site.", StringComparison.Ordinal));
        Assert.Contains(links, link => link.EndsWith(".styles.css", StringComparison.Ordinal));
        Assert.Contains(links, link => link.StartsWith("/js/site.", StringComparison.Ordinal));

        await using var nginx = await NginxServer.StartAsync(Out, Path.Combine(_root.Path, "nginx"));
        foreach (var link in links)
        {
            var response = await nginx.Client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link}: {(int)response.StatusCode}\n{output}");
        }
    }

    [Fact]
    public async Task The_index_page_is_exported_once_under_the_root()
    {
        var (exitCode, output) = await RunAsync(["export", Out]);

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(Out, "index.html")), output);
        Assert.True(File.Exists(Path.Combine(Out, "Privacy", "index.html")), output);
        Assert.False(Directory.Exists(Path.Combine(Out, "Index")), output);
        var sitemap = File.ReadAllText(Path.Combine(Out, "sitemap.xml"));
        Assert.Equal(2, Regex.Count(sitemap, "<loc>"));
        Assert.DoesNotContain("/Index<", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_runs_like_a_tool_without_the_revalidation_secret_and_without_hosting_chatter()
    {
        var (exitCode, output) = await RunAsync(["export", Out]);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("Application started", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Press Ctrl+C", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        Assert.DoesNotContain("RevalidateSecret", output, StringComparison.Ordinal);
        Assert.Contains("Export done:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "export", "{out}" }, true, "Production")]
    [InlineData(new[] { "export", "{out}", "--environment", "Staging" }, true, "Staging")]
    [InlineData(new[] { "export", "{out}", "--environment=Staging" }, false, "Staging")]
    [InlineData(new[] { "export", "{out}" }, false, "Development")]
    public async Task Export_runs_in_production_unless_the_environment_is_chosen(string[] args, bool fromLaunchProfile, string expected)
    {
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
        if (fromLaunchProfile)
        {
            // What `dotnet run` sets when it applies launchSettings.json.
            environment["DOTNET_LAUNCH_PROFILE"] = "http";
        }

        var (exitCode, output) = await RunAsync([.. args.Select(arg => arg.Replace("{out}", Out, StringComparison.Ordinal))], environment);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"({expected} environment)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_is_not_empty_is_refused_in_one_line_with_exit_code_2()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "keep.txt"), "mine");

        var (exitCode, output) = await RunAsync(["export", Out]);

        Assert.True(exitCode == 2, output);
        var refusal = Assert.Single(output.Split('\n'), line => line.Contains("is not empty", StringComparison.Ordinal));
        Assert.Contains("--clean", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("crit", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Out, "keep.txt")));
    }

    [Fact]
    public async Task The_running_app_declares_the_index_page_once_and_redirects_its_other_route()
    {
        var port = FreePort();
        var started = RunAsync(
            ["--urls", $"http://127.0.0.1:{port}"],
            new() { ["Isr__RevalidateSecret"] = "a-secret-for-the-test", ["Isr__CacheDirectory"] = Path.Combine(_root.Path, "cache") },
            stop: _stop.Token);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            var home = await GetWhenListeningAsync(client, "/", started);
            var alias = await client.GetAsync("/Index");

            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.True(home.Headers.Contains("X-Isr-Cache"));
            Assert.Equal(HttpStatusCode.PermanentRedirect, alias.StatusCode);
            Assert.Equal("/", alias.Headers.Location?.OriginalString);
        }
        finally
        {
            await _stop.CancelAsync();
            await started;
        }
    }

    private readonly CancellationTokenSource _stop = new();

    private static async Task<HttpResponseMessage> GetWhenListeningAsync(HttpClient client, string path, Task<(int ExitCode, string Output)> app)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (app.IsCompleted)
            {
                throw new InvalidOperationException("The app exited:\n" + (await app).Output);
            }

            try
            {
                return await client.GetAsync(path);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("The app did not listen within 30 seconds.");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string AppDirectory => Path.Combine(Repository.Root, "test", "WebAppTemplate");

    // The test project's own configuration names the app's output folder (bin/Debug or bin/Release).
    private static string AppAssembly => Path.Combine(
        AppDirectory, "bin", new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "WebAppTemplate.dll");

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] args, Dictionary<string, string>? environment = null, CancellationToken stop = default)
    {
        // As `dotnet run` starts it: from the project folder (the content root, with wwwroot), the build output's assembly.
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppDirectory,
        };
        start.ArgumentList.Add(AppAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DOTNET_LAUNCH_PROFILE", "Isr__RevalidateSecret" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        return await CapturedProcess.RunAsync(start, TimeSpan.FromMinutes(2), stop);
    }

    [GeneratedRegex("""<link[^>]+href="/css/site\.[a-z0-9]+\.css"|href="/css/site\.[a-z0-9]+\.css"[^>]*rel="stylesheet""")]
    private static partial Regex FingerprintedStylesheet();

    [GeneratedRegex("""(?:href|src)="([^"#?]+)[^"]*""")]
    private static partial Regex AssetLinks();

    public void Dispose()
    {
        _stop.Dispose();
        _root.Dispose();
    }
}
