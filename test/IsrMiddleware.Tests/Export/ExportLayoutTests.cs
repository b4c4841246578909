using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Export;

public sealed class ExportLayoutTests : IDisposable
{
    private static readonly DateTimeOffset RenderedAt = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly TempDirectory _root = new();

    private string Out => Path.Combine(_root.Path, "out");

    private string Cache => Path.Combine(_root.Path, "cache");

    private static void MapSite(WebApplication app)
    {
        app.MapGet("/blog/{slug}", (string slug) => Results.Content($"<!DOCTYPE html><h1>Post {slug}</h1><a href=\"/\">home</a> <a href=\"../blog/b\">b</a>", "text/html"))
            .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }, new RouteValueDictionary { ["slug"] = "b" }]);
        app.MapGet("/", () => Results.Content("<!DOCTYPE html><h1>Home</h1><a href=\"/blog/a\">a</a><link rel=\"stylesheet\" href=\"/css/site.css\">", "text/html"))
            .WithStaticParams();
        app.MapGet("/feed.xml", () => Results.Content("<rss></rss>", "application/rss+xml"))
            .WithStaticParams();
        app.MapGet("/api/{name}", (string name) => Results.Json(new { name }))
            .WithStaticParams(_ => [new RouteValueDictionary { ["name"] = "data.json" }]);
        app.MapGet("/old/{slug}", (string slug) => Results.Redirect($"https://www.example.com/blog/{slug}", permanent: true))
            .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }]);
        app.MapGet("/big", () => Results.Content("<!DOCTYPE html><p>" + string.Concat(Enumerable.Repeat("big page ", 2000)) + "</p>", "text/html"))
            .WithStaticParams();
    }

    [Fact]
    public async Task Every_page_is_written_at_a_readable_path_with_the_site_files()
    {
        // The home page links a stylesheet this app does not have: accepted here, to look at the rest.
        var result = await ExportApp.ExportAsync(MapSite, Out, Cache, options => options.AllowBrokenLinks = true, time: ExportApp.Time(RenderedAt));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Failures);
        Assert.Equal([new BrokenLink("/", "/css/site.css")], result.BrokenLinks);
        Assert.Equal(7, result.Pages);
        var files = ExportApp.Files(Out);
        Assert.Contains("blog/a/index.html", files);
        Assert.Contains("blog/b/index.html", files);
        Assert.Contains("index.html", files);
        Assert.Contains("feed.xml", files);
        Assert.Contains("api/data.json", files);
        Assert.Contains("old/a/index.html", files);
        Assert.Contains("big/index.html.br", files);
        Assert.Contains("big/index.html.gz", files);
        Assert.DoesNotContain("blog/a/index.html.gz", files);
        Assert.Contains("Post a", File.ReadAllText(Path.Combine(Out, "blog/a/index.html")));
        Assert.Equal("<rss></rss>", File.ReadAllText(Path.Combine(Out, "feed.xml")));
        Assert.Equal("{\"name\":\"data.json\"}", File.ReadAllText(Path.Combine(Out, "api/data.json")));
        Assert.False(Directory.Exists(Cache));

        await using (var gzip = new GZipStream(File.OpenRead(Path.Combine(Out, "big/index.html.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip, Encoding.UTF8))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(Out, "big/index.html")), await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task Redirects_become_a_redirects_file_and_a_refresh_page()
    {
        await ExportApp.ExportAsync(MapSite, Out, Cache);

        Assert.Equal("/old/a /blog/a 301\n", File.ReadAllText(Path.Combine(Out, "_redirects")));
        var page = File.ReadAllText(Path.Combine(Out, "old/a/index.html"));
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"0; url=/blog/a\">", page);
    }

    [Fact]
    public async Task Sitemap_lists_every_html_page_on_the_canonical_origin_with_its_render_time_and_robots_names_it()
    {
        await ExportApp.ExportAsync(MapSite, Out, Cache, time: ExportApp.Time(RenderedAt));

        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = XDocument.Load(Path.Combine(Out, "sitemap.xml")).Root!.Elements(ns + "url")
            .ToDictionary(url => url.Element(ns + "loc")!.Value, url => url.Element(ns + "lastmod")!.Value);
        Assert.Equal(["https://www.example.com/", "https://www.example.com/big", "https://www.example.com/blog/a", "https://www.example.com/blog/b"], urls.Keys.Order());
        Assert.All(urls.Values, lastmod => Assert.Equal("2026-03-04T05:06:07+00:00", lastmod));
        Assert.Equal("User-agent: *\nAllow: /\n\nSitemap: https://www.example.com/sitemap.xml\n", File.ReadAllText(Path.Combine(Out, "robots.txt")));
    }

    [Fact]
    public async Task Html_extension_option_writes_page_dot_html()
    {
        var result = await ExportApp.ExportAsync(MapSite, Out, Cache, options => options.HtmlExtension = true);

        var files = ExportApp.Files(Out);
        Assert.Contains("blog/a.html", files);
        Assert.Contains("index.html", files);
        Assert.DoesNotContain("blog/a/index.html", files);
        Assert.DoesNotContain(result.BrokenLinks, link => link.Link.StartsWith("/blog", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Web_root_files_are_copied_beside_the_pages()
    {
        var webRoot = Path.Combine(_root.Path, "wwwroot");
        Directory.CreateDirectory(Path.Combine(webRoot, "css"));
        File.WriteAllText(Path.Combine(webRoot, "css", "site.css"), "body { color: red; }");

        var result = await ExportApp.ExportAsync(MapSite, Out, Cache, webRoot: webRoot);

        Assert.Equal(1, result.StaticFiles);
        Assert.Equal("body { color: red; }", File.ReadAllText(Path.Combine(Out, "css", "site.css")));
        Assert.Empty(result.BrokenLinks);
    }

    [Fact]
    public async Task A_folder_that_is_not_empty_is_refused_unless_cleaning_is_asked_for()
    {
        Directory.CreateDirectory(Path.Combine(Out, "stale"));
        File.WriteAllText(Path.Combine(Out, "stale", "old.html"), "old");

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ExportApp.ExportAsync(MapSite, Out, Cache));
        Assert.Contains("is not empty", refused.Message);
        Assert.True(File.Exists(Path.Combine(Out, "stale", "old.html")));

        var result = await ExportApp.ExportAsync(MapSite, Out, Cache, options =>
        {
            options.CleanDirectory = true;
            options.AllowBrokenLinks = true;
        });
        Assert.Equal(0, result.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(Out, "stale")));
        Assert.True(File.Exists(Path.Combine(Out, "index.html")));
    }

    [Fact]
    public async Task An_export_folder_overlapping_the_cache_folder_is_refused()
    {
        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ExportApp.ExportAsync(MapSite, Path.Combine(Cache, "out"), Cache));

        Assert.Contains("live cache folder", refused.Message);
        Assert.False(Directory.Exists(Cache));
    }

    public void Dispose() => _root.Dispose();
}
