using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Status;

public sealed class StatusEncodingTests : IDisposable
{
    private const string Hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Paths_and_tags_from_pages_are_encoded_and_the_page_may_run_no_script()
    {
        await using var app = await TestApp.StartAsync(
            (a, _) =>
            {
                a.MapGet("/x/{slug}", (string slug, HttpContext context) =>
                    {
                        context.AddCacheTags(Hostile);
                        return Results.Content("<p>x</p>", "text/html");
                    })
                    .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "\"><img src=x onerror=alert(3)>" }])
                    .WithCacheTags("<u>route-tag</u>");
                a.MapStaticParamsStatus("/_isr");
            },
            _cache.Path);
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync("/_isr?tag=" + Uri.EscapeDataString(Hostile));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<u>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Single(StatusClient.Paths(await StatusClient.JsonAsync(app.Client, "?tag=" + Uri.EscapeDataString(Hostile))));
    }

    public void Dispose() => _cache.Dispose();
}
