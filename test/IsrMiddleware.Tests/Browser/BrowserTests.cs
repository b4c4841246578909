using Microsoft.Playwright;

namespace IsrMiddleware.Tests.Browser;

/// <summary>What only a real browser shows: the fallback shell's reload, and Blazor's enhanced navigation on cached pages.</summary>
[Collection("Chromium")]
public sealed class BrowserTests(ChromiumFixture chromium, BrowserSampleSite site) : IClassFixture<BrowserSampleSite>
{
    private const float Timeout = 30_000;

    [Fact]
    public async Task Fallback_page_ends_on_the_real_page_with_no_user_action()
    {
        // Written after start-up, so the page was not pre-rendered: /docs/{**path} answers its fallback shell first.
        Directory.CreateDirectory(Path.Combine(site.ContentDirectory, "docs", "browser"));
        await File.WriteAllTextAsync(
            Path.Combine(site.ContentDirectory, "docs", "browser", "arrival.md"), "# Arrival\n\nWritten while the site ran.\n");
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var cacheStatuses = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Url.EndsWith("/docs/browser/arrival", StringComparison.Ordinal))
            {
                lock (cacheStatuses)
                {
                    cacheStatuses.Add(response.Headers.TryGetValue("x-isr-cache", out var status) ? status : "none");
                }
            }
        };

        var first = await page.GotoAsync("/docs/browser/arrival", new() { Timeout = Timeout });
        await page.Locator("h1", new() { HasText = "Arrival" }).WaitForAsync(new() { Timeout = Timeout });

        Assert.Equal("FALLBACK", await first!.HeaderValueAsync("x-isr-cache"));
        Assert.EndsWith("/docs/browser/arrival", page.Url, StringComparison.Ordinal);
        Assert.Contains("Written while the site ran.", await page.ContentAsync(), StringComparison.Ordinal);
        lock (cacheStatuses)
        {
            Assert.Equal("FALLBACK", cacheStatuses[0]);
            Assert.Contains(cacheStatuses.Skip(1), status => status is "HIT" or "MISS");
        }
    }

    [Fact]
    public async Task Enhanced_navigation_between_cached_Blazor_pages_keeps_the_document()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = site.BaseAddress.ToString() });
        await context.AddCookiesAsync([new Cookie { Name = "sample-user", Value = "Ann", Url = site.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        IResponse? navigation = null;
        page.Response += (_, response) =>
        {
            if (response.Url.EndsWith("/authors/grace", StringComparison.Ordinal))
            {
                navigation = response;
            }
        };

        var first = await page.GotoAsync("/authors/ada", new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined", null, new() { Timeout = Timeout });
        await page.EvaluateAsync("() => { window.isrDocumentMarker = 'kept'; }");
        var renderIdBefore = await page.Locator("meta[name=render-id]").GetAttributeAsync("content");

        await page.Locator("a[href='/authors/grace']").ClickAsync(new() { Timeout = Timeout });
        await page.Locator("h1", new() { HasText = "Grace Hopper" }).WaitForAsync(new() { Timeout = Timeout });

        Assert.Equal("HIT", await first!.HeaderValueAsync("x-isr-cache"));
        Assert.EndsWith("/authors/grace", page.Url, StringComparison.Ordinal);
        Assert.Equal("kept", await page.EvaluateAsync<string?>("() => window.isrDocumentMarker ?? null"));
        Assert.NotNull(navigation);
        Assert.Equal("fetch", navigation.Request.ResourceType);
        Assert.Equal("HIT", await navigation.HeaderValueAsync("x-isr-cache"));
        Assert.NotEqual(renderIdBefore, await page.Locator("meta[name=render-id]").GetAttributeAsync("content"));

        // Both pages carry the greeting hole: the enhanced navigation brought this visitor's greeting too.
        Assert.Equal("Signed in as Ann", await page.Locator("#greeting").TextContentAsync());
    }
}
