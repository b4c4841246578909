using Microsoft.Playwright;

namespace IsrMiddleware.Tests.Browser;

/// <summary>A cached page with a slow live hole, in a real browser: the shell shows first, the hole when it is ready.</summary>
[Collection("Chromium")]
public sealed class HoleBrowserTests(ChromiumFixture chromium, SlowGreetingSampleSite site) : IClassFixture<SlowGreetingSampleSite>
{
    private const float Timeout = 30_000;

    // Notes, by the page's own clock, when the shell's <head> and then the greeting's text reached the document.
    private const string ArrivalRecorder = """
        window.isrArrivals = {};
        new MutationObserver(() => {
            const now = performance.now();
            if (window.isrArrivals.shell === undefined && document.querySelector('meta[name=render-id]')) {
                window.isrArrivals.shell = now;
            }
            const greeting = document.getElementById('greeting');
            if (window.isrArrivals.greeting === undefined && greeting && greeting.textContent.trim().length > 0) {
                window.isrArrivals.greeting = now;
            }
        }).observe(document, { childList: true, subtree: true, characterData: true });
        """;

    [Theory]
    [InlineData("/blog/hello-world")]
    [InlineData("/authors/ada")]
    public async Task A_slow_hole_shows_the_shell_first_then_the_visitors_greeting(string path)
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = site.BaseAddress.ToString() });
        await context.AddCookiesAsync([new Cookie { Name = "sample-user", Value = "Ann", Url = site.BaseAddress.ToString() }]);
        await context.AddInitScriptAsync(ArrivalRecorder);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(path, new() { Timeout = Timeout });
        await page.Locator("#greeting", new() { HasText = "Signed in as Ann" }).WaitForAsync(new() { Timeout = Timeout });
        var shell = await page.EvaluateAsync<double>("() => window.isrArrivals.shell");
        var greeting = await page.EvaluateAsync<double>("() => window.isrArrivals.greeting");

        Assert.Equal("HIT", await response!.HeaderValueAsync("x-isr-cache"));

        // Streamed: the browser had the shell while the hole was still being rendered, not both at once at the end.
        Assert.True(
            greeting - shell > SlowGreetingSampleSite.GreetingDelayMs / 2,
            $"the greeting arrived {greeting - shell:F0} ms after the shell; the hole takes {SlowGreetingSampleSite.GreetingDelayMs} ms");
    }
}
