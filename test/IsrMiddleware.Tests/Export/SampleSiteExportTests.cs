using System.Net;
using System.Xml.Linq;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.SampleSite;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Export;
using IsrMiddleware.Serving;

namespace IsrMiddleware.Tests.Export;

/// <summary>The sample site exported in-process (the test host's pipeline), then served by nginx.</summary>
public sealed class SampleSiteExportTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private string Out => Path.Combine(_root.Path, "out");

    private async Task<(StaticExportResult Result, IReadOnlyList<(string Key, string Text)> Pages)> ExportAsync()
    {
        using var factory = new SampleSiteFactory();
        var exporter = factory.Services.GetRequiredService<StaticExporter>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await exporter.ExportAsync(Out, exporter.Options, timeout.Token);
        return (result, SampleSitePages.Read(factory.ContentDirectory));
    }

    [Fact]
    public async Task Every_declared_page_is_exported_with_its_content_and_the_sitemap_lists_them()
    {
        var (result, pages) = await ExportAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Failures);
        Assert.Empty(result.BrokenLinks);
        Assert.Equal(pages.Count, result.Pages);
        foreach (var (key, text) in pages)
        {
            var html = File.ReadAllText(Path.Combine(Out, SampleSitePages.FileOf(key)));
            Assert.Contains(text, html);
            Assert.Contains("<meta name=\"generated-at\"", html);

            // A static file has no request to fill a live hole for: it shows the hole's fallback, without markers.
            Assert.Contains("id=\"greeting\">Not signed in</span>", html);
            Assert.DoesNotContain("isr-hole", html);
        }

        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var listed = XDocument.Load(Path.Combine(Out, "sitemap.xml")).Root!.Elements(ns + "url").Select(url => url.Element(ns + "loc")!.Value);
        Assert.Equal(pages.Select(page => "https://localhost" + page.Key), listed);
    }

    [Fact]
    public async Task The_exported_folder_served_by_nginx_answers_every_page_and_the_sitemap()
    {
        var (result, pages) = await ExportAsync();
        Assert.Equal(0, result.ExitCode);

        await using var nginx = await NginxServer.StartAsync(Out, Path.Combine(_root.Path, "nginx"));
        foreach (var (key, text) in pages)
        {
            using var response = await nginx.Client.GetAsync(key);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{key}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(File.ReadAllText(Path.Combine(Out, SampleSitePages.FileOf(key))), body);
            Assert.Contains(text, body);
        }

        using var sitemap = await nginx.Client.GetAsync("/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, sitemap.StatusCode);
        Assert.Contains("https://localhost/blog/hello-world", await sitemap.Content.ReadAsStringAsync());

        using var robots = await nginx.Client.GetAsync("/robots.txt");
        Assert.Contains("Sitemap: https://localhost/sitemap.xml", await robots.Content.ReadAsStringAsync());

        using var compressed = new HttpRequestMessage(HttpMethod.Get, "/blog/hello-world");
        compressed.Headers.AcceptEncoding.ParseAdd("gzip");
        using var gzip = await nginx.Client.SendAsync(compressed);
        Assert.Equal(HttpStatusCode.OK, gzip.StatusCode);
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Equal(new FileInfo(Path.Combine(Out, "blog/hello-world/index.html.gz")).Length, (await gzip.Content.ReadAsByteArrayAsync()).Length);

        using var missing = await nginx.Client.GetAsync("/blog/no-such-post");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    public void Dispose() => _root.Dispose();
}
