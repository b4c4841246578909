using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using IsrMiddleware.Export;

namespace IsrMiddleware.Tests.Export;

public sealed class LinkCheckTests : IDisposable
{
    private const string Planted = """
        <!DOCTYPE html>
        <html><head><link rel="stylesheet" href="/missing.css"><link rel="preconnect" href="https://cdn.example.net"></head>
        <body>
          <a href="/docs/a">ok</a> <a href="b">ok, relative</a> <a href="/docs/a#section">ok, fragment</a> <a href="#top">ok</a>
          <a href="https://www.example.com/docs/a?x=1">ok, absolute</a> <a href="https://elsewhere.example.org/x">external</a>
          <a href="mailto:someone@example.com">mail</a> <a href="javascript:void(0)">js</a>
          <a href="/docs/nope">broken</a> <img src="img/missing.png" srcset="/ok.png 1x, /img/missing-2x.png 2x">
          <p>Text that mentions href="/not-a-link" is not a link.</p>
        </body></html>
        """;

    private readonly TempDirectory _root = new();

    private string Out => Path.Combine(_root.Path, "out");

    private static void Map(WebApplication app)
    {
        app.MapGet("/docs/{page}", (string page) => Results.Content(page == "planted" ? Planted : $"<!DOCTYPE html><p>{page}</p>", "text/html"))
            .WithStaticParams(_ => new[] { "a", "b", "planted" }.Select(page => new RouteValueDictionary { ["page"] = page }));
        app.MapGet("/ok.png", () => Results.Bytes([1, 2, 3], "image/png")).WithStaticParams();
    }

    [Fact]
    public async Task Broken_links_planted_in_a_page_are_reported_with_the_page_they_are_on_and_accepted_when_the_option_says_so()
    {
        var result = await ExportApp.ExportAsync(Map, Out, Path.Combine(_root.Path, "cache"), options => options.AllowBrokenLinks = true);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [new BrokenLink("/docs/planted", "/docs/nope"), new BrokenLink("/docs/planted", "/img/missing-2x.png"),
             new BrokenLink("/docs/planted", "/missing.css"), new BrokenLink("/docs/planted", "img/missing.png")],
            result.BrokenLinks.OrderBy(link => link.Link, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Broken_links_fail_the_export_by_default()
    {
        var result = await ExportApp.ExportAsync(Map, Out, Path.Combine(_root.Path, "cache"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(4, result.BrokenLinks.Count);
    }

    [Fact]
    public void Links_resolve_against_the_base_element()
    {
        var html = "<html><head><base href=\"/sub/\"></head><body><a href=\"page\">x</a></body></html>"u8.ToArray();

        var links = LinkExtractor.Extract(html, new Uri("https://www.example.com/docs/a"));

        Assert.Equal([("page", "/sub/page")], links);
    }

    public void Dispose() => _root.Dispose();
}
