using System.Net;
using System.Xml.Linq;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Export;

public sealed class LiveSitemapTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Map_sitemap_lists_declared_and_stored_pages_with_their_render_time()
    {
        var time = ExportApp.Time(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(
            (a, _) =>
            {
                a.MapGet("/blog/{slug}", (string slug) => Results.Content($"<p>{slug}</p>", "text/html"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }, new RouteValueDictionary { ["slug"] = "b" }])
                    .WithUnknownParams(UnknownParams.Blocking);
                a.MapSitemap();
            },
            _cache.Path,
            options => options.CanonicalOrigin = new Uri("https://www.example.com"),
            services => services.AddSingleton<TimeProvider>(time));
        await app.WaitUntilReadyAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/blog/on-demand")).StatusCode);

        using var response = await app.Client.GetAsync("/sitemap.xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Elements(ns + "url")
            .ToDictionary(url => url.Element(ns + "loc")!.Value, url => url.Element(ns + "lastmod")?.Value);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["https://www.example.com/blog/a"] = "2026-05-06T07:08:09+00:00",
                ["https://www.example.com/blog/b"] = "2026-05-06T07:08:09+00:00",
                ["https://www.example.com/blog/on-demand"] = "2026-05-06T07:08:09+00:00",
            },
            urls);
    }

    public void Dispose() => _cache.Dispose();
}
