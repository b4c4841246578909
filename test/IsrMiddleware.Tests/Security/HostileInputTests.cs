using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IsrMiddleware.Tests.Security;

public sealed class HostileInputTests : IDisposable
{
    private static readonly string[] HostilePaths =
    [
        "/open/..", "/open/%2e%2e", "/open/..%2f..%2fetc%2fpasswd", "/open/%2e%2e%5c%2e%2e%5cwin.ini", "/open/%c0%ae%c0%ae", "/open/%ff%fe", "/open/" + new string('x', 5000), "/open/%E2%80%AE%E2%80%8B", "/open/con",
        "/open/a%2fb", "/open/a%252fb", "/open/%20", "/open/%3Cscript%3E", "/open/%F0%9F%92%A9", "/open/a%3Fb%23c",
        "/cat/..%2f..%2f..%2f..%2ftmp%2fowned", "/cat/a/%2e%2e/%2e%2e/b"
    ];

    private readonly TempDirectory _root = new();

    private string CacheDirectory => Path.Combine(_root.Path, "cache");

    private Task<TestApp> StartAsync() => TestApp.StartAsync(
        (app, renders) =>
        {
            app.MapGet("/open/{slug}", (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Text("slug=" + slug);
                })
                .WithStaticParams()
                .WithUnknownParams(UnknownParams.Blocking);
            app.MapGet("/cat/{**path}", (string? path, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Text("path=" + path);
                })
                .WithStaticParams()
                .WithUnknownParams(UnknownParams.Fallback);
        },
        CacheDirectory,
        options => options.MaxKeyLength = 2048);

    [Fact]
    public async Task Hostile_params_never_raise_a_5xx_and_never_leave_the_cache_folder_or_name_a_file()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        var before = Directory.EnumerateFileSystemEntries(_root.Path, "*", SearchOption.AllDirectories).Count();

        foreach (var path in HostilePaths)
        {
            var response = await app.Client.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
        }

        await app.Services.WaitForIdleAsync();
        var entries = Directory.EnumerateFileSystemEntries(_root.Path, "*", SearchOption.AllDirectories).ToList();
        Assert.All(entries, entry => Assert.True(
            entry == CacheDirectory || entry.StartsWith(CacheDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal), entry));
        // Page files are named from a hash; the disk index's own files have fixed names in their own folder.
        var index = Path.Combine(CacheDirectory, "index") + Path.DirectorySeparatorChar;
        Assert.All(
            entries.Where(File.Exists),
            file => Assert.Matches(
                file.StartsWith(index, StringComparison.Ordinal) ? "^index(\\.snapshot|-[0-9]+\\.journal)$" : "^[0-9a-f]{64}\\.page$",
                Path.GetFileName(file)));
        Assert.True(entries.Count > before);
        Assert.False(File.Exists("/tmp/owned"));
    }

    [Fact]
    public async Task Different_params_never_share_a_page()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        // The server leaves %2F encoded in paths, so /open/a%2Fb and /open/a%252Fb name the same route value: one of them is enough.
        string[] slugs = ["a%2Fb", "a b", "a+b", "A", "a", "%C3%A9", "e%CC%81"];

        foreach (var slug in slugs)
        {
            await app.Client.GetAsync("/open/" + slug);
        }

        foreach (var slug in slugs)
        {
            var response = await app.Client.GetAsync("/open/" + slug);
            Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        }

        var bodies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slug in slugs)
        {
            Assert.True(bodies.Add(await app.Client.GetStringAsync("/open/" + slug)), $"{slug} shares a page with another slug");
        }
    }

    public void Dispose() => _root.Dispose();
}
