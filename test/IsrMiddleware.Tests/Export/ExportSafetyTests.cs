using System.Net;
using System.Net.Sockets;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace IsrMiddleware.Tests.Export;

public sealed class ExportSafetyTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private string Out => Path.Combine(_root.Path, "site", "out");

    private string Cache => Path.Combine(_root.Path, "cache");

    private static void MapHostile(WebApplication app)
    {
        app.MapGet("/files/{name}", (string name) => Results.Content($"<p>{name}</p>", "text/html"))
            .WithStaticParams(_ => new[] { "ok", "..", ".", "..%2F..%2Fescape" }.Select(name => new RouteValueDictionary { ["name"] = name }));
        app.MapGet("/raw/{**path}", (string path) => Results.Text(path))
            .WithStaticParams(_ => new[] { "fine.txt", "../../escape.txt", "a/../../../escape.txt", "../x/../../escape.txt" }
                .Select(path => new RouteValueDictionary { ["path"] = path }));
    }

    [Fact]
    public async Task Dot_segment_params_cannot_escape_the_folder_and_are_refused_with_their_route()
    {
        // Dot segments never reach the export: the route's params are refused at enumeration, naming the route.
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(
            () => ExportApp.ExportAsync(MapHostile, Out, Cache, options => options.AllowFailures = true));

        Assert.Contains("Static route '/files/{name}'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Cache));
        Assert.Empty(Directory.EnumerateFiles(_root.Path, "escape*", SearchOption.AllDirectories));
        Assert.True(!Directory.Exists(Out) || !Directory.EnumerateFileSystemEntries(Out).Any());
    }

    [Fact]
    public async Task A_failing_page_makes_the_exit_code_non_zero_lists_it_and_leaves_no_partial_site()
    {
        static void Map(WebApplication app) =>
            app.MapGet("/p/{n:int}", (int n) => n == 2 ? throw new InvalidOperationException("the CMS is down") : Results.Content($"<p>page {n}</p>", "text/html"))
                .WithStaticParams(_ => Enumerable.Range(1, 3).Select(n => new RouteValueDictionary { ["n"] = n }));

        var result = await ExportApp.ExportAsync(Map, Out, Cache);

        Assert.Equal(1, result.ExitCode);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("/p/2", failure.Key);
        Assert.Equal("/p/{n:int}", failure.Route);
        Assert.Contains("the CMS is down", failure.Reason);
        Assert.Empty(ExportApp.Files(Out));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Out));
    }

    [Fact]
    public async Task With_allow_failures_the_rest_is_written_and_the_exit_code_is_zero()
    {
        static void Map(WebApplication app) =>
            app.MapGet("/p/{n:int}", (int n) => n == 2 ? Results.StatusCode(500) : Results.Content($"<p>page {n}</p>", "text/html"))
                .WithStaticParams(_ => Enumerable.Range(1, 3).Select(n => new RouteValueDictionary { ["n"] = n }));

        var result = await ExportApp.ExportAsync(Map, Out, Cache, options => options.AllowFailures = true);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/p/2", Assert.Single(result.Failures).Key);
        Assert.Equal(["p/1/index.html", "p/3/index.html", "robots.txt", "sitemap.xml"], ExportApp.Files(Out));
    }

    [Fact]
    public async Task A_cancelled_export_leaves_no_partial_site()
    {
        static void Map(WebApplication app) =>
            app.MapGet("/p/{n:int}", async (int n, HttpContext context) =>
            {
                if (n == 2)
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }

                return Results.Content($"<p>page {n}</p>", "text/html");
            }).WithStaticParams(_ => Enumerable.Range(1, 2).Select(n => new RouteValueDictionary { ["n"] = n }));

        await using var app = ExportApp.Build(Map, Cache, webRoot: null, time: null, kestrelArgs: null);
        using var cancel = new CancellationTokenSource();
        var export = app.ExportAsync(Out, cancellationToken: cancel.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(Path.Combine(Out, "p", "1", "index.html")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(File.Exists(Path.Combine(Out, "p", "1", "index.html")));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => export);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Out));
    }

    [Fact]
    public async Task A_page_that_sets_a_cookie_is_a_failure()
    {
        static void Map(WebApplication app) =>
            app.MapGet("/form", (HttpContext context) =>
            {
                context.Response.Cookies.Append("session", "1");
                return Results.Content("<form></form>", "text/html");
            }).WithStaticParams();

        var result = await ExportApp.ExportAsync(Map, Out, Cache);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cookie", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public async Task Run_or_export_exports_without_listening_nor_touching_the_cache_folder()
    {
        // The configured port is taken: an export that tried to listen would fail to start.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        static void Map(WebApplication app) =>
            app.MapGet("/p/{n:int}", (int n) => Results.Content($"<p>page {n}</p>", "text/html"))
                .WithStaticParams(_ => Enumerable.Range(1, 2).Select(n => new RouteValueDictionary { ["n"] = n }));

        var args = new[] { "export", Out, "--urls", $"http://127.0.0.1:{port}" };
        var app = ExportApp.Build(Map, Cache, webRoot: null, time: null, kestrelArgs: args);
        var exitCode = await app.RunOrExportAsync(args);

        Assert.Equal(0, exitCode);
        Assert.Equal(["p/1/index.html", "p/2/index.html", "robots.txt", "sitemap.xml"], ExportApp.Files(Out));
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public async Task Run_or_export_answers_2_when_the_folder_is_missing_and_1_when_a_page_fails()
    {
        static void Map(WebApplication app) =>
            app.MapGet("/p/{n:int}", (int n) => Results.StatusCode(503))
                .WithStaticParams(_ => [new RouteValueDictionary { ["n"] = 1 }]);

        var missing = ExportApp.Build(Map, Cache, webRoot: null, time: null, kestrelArgs: null);
        Assert.Equal(2, await missing.RunOrExportAsync(["export"]));

        var failing = ExportApp.Build(Map, Cache, webRoot: null, time: null, kestrelArgs: null);
        Assert.Equal(1, await failing.RunOrExportAsync(["export", Out]));
        Assert.Empty(ExportApp.Files(Out));
    }

    public void Dispose() => _root.Dispose();
}
