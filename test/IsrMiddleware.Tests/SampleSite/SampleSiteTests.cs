using System.Net;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Functional;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.SampleSite;

public sealed partial class SampleSiteTests : SampleSiteTestBase
{
    [Fact]
    public async Task Healthz_is_ok_once_prerendering_is_done()
    {
        var response = await Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/blog/hello-world", "s-maxage=31536000")]
    [InlineData("/products/tools/hammer", "s-maxage=60, stale-while-revalidate=31535940")]
    [InlineData("/docs/guides/deploy/docker", "s-maxage=31536000")]
    [InlineData("/authors/ada", "s-maxage=31536000")]
    [InlineData("/authors/grace", "s-maxage=31536000")]
    public async Task Declared_pages_are_hits_carrying_the_meta_tags(string path, string cacheControl)
    {
        var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        using var shellRequest = new HttpRequestMessage(HttpMethod.Get, path);
        shellRequest.Headers.TryAddWithoutValidation("Surrogate-Capability", "varnish=\"ESI/1.0\"");
        var shell = await Client.SendAsync(shellRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Matches(GeneratedAt(), html);
        Assert.Matches(RenderId(), html);

        // Every page's layout has the greeting hole: the browser's copy is private, the shell an ESI cache keeps is not.
        Assert.Equal("private, no-cache", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal(cacheControl, shell.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("HIT", shell.Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Unknown_post_is_404()
    {
        var response = await Client.GetAsync("/blog/no-such-post");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task New_product_file_renders_blocking_then_hits_and_missing_product_is_404()
    {
        await File.WriteAllTextAsync(Path.Combine(Site.ContentDirectory, "products", "tools", "saw.json"), """{"name": "Saw", "price": 20.5}""");

        var first = await Client.GetAsync("/products/tools/saw");
        var second = await Client.GetAsync("/products/tools/saw");
        var missing = await Client.GetAsync("/products/tools/no-such-tool");

        Assert.Equal("MISS", first.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("Saw", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("20.50", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("HIT", second.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Product_pages_carry_route_and_render_time_tags()
    {
        await Client.GetAsync("/products/garden/rake");

        var page = await Site.Services.GetRequiredService<IPageStore>().GetAsync("/products/garden/rake", CancellationToken.None);

        Assert.NotNull(page);
        Assert.Contains("products", page.Tags);
        Assert.Contains("category:garden", page.Tags);
    }

    [Fact]
    public async Task Unknown_doc_gets_the_fallback_shell_then_404()
    {
        var shell = await Client.GetAsync("/docs/no/such/doc");

        Assert.Equal("FALLBACK", shell.Headers.GetValues("X-Isr-Cache").Single());
        Assert.True(shell.Headers.Contains("Refresh"));
        var final = await UnknownParamsPolicyTests.PollAsync(Client, "/docs/no/such/doc", r => r.StatusCode == HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, final.StatusCode);
    }

    [Fact]
    public async Task New_doc_gets_the_fallback_shell_then_the_page()
    {
        Directory.CreateDirectory(Path.Combine(Site.ContentDirectory, "docs", "guides"));
        await File.WriteAllTextAsync(Path.Combine(Site.ContentDirectory, "docs", "guides", "new-guide.md"), "# New guide\n\nFresh text.");

        var shell = await Client.GetAsync("/docs/guides/new-guide");
        var page = await UnknownParamsPolicyTests.PollAsync(Client, "/docs/guides/new-guide", r => r.Headers.Contains("X-Isr-Cache") && r.Headers.GetValues("X-Isr-Cache").Single() == "HIT");

        Assert.Equal("FALLBACK", shell.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("New guide", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_render_has_its_own_render_id()
    {
        var hammer = await Client.GetStringAsync("/products/tools/hammer");
        var rake = await Client.GetStringAsync("/products/garden/rake");
        var hammerAgain = await Client.GetStringAsync("/products/tools/hammer");

        Assert.NotEqual(RenderId().Match(hammer).Groups[1].Value, RenderId().Match(rake).Groups[1].Value);
        Assert.Equal(RenderId().Match(hammer).Groups[1].Value, RenderId().Match(hammerAgain).Groups[1].Value);
    }

    [Theory]
    [InlineData(null, "/api/revalidate?tag=posts", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", "/api/revalidate?tag=posts", HttpStatusCode.Unauthorized)]
    [InlineData("test-secret", "/api/revalidate", HttpStatusCode.BadRequest)]
    public async Task Revalidate_endpoint_checks_secret_and_target(string? secret, string url, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (secret is not null)
        {
            request.Headers.Add("X-Revalidate-Secret", secret);
        }

        var response = await Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [GeneratedRegex("<meta name=\"generated-at\" content=\"\\d{4}-\\d{2}-\\d{2}T[^\"]+\"")]
    private static partial Regex GeneratedAt();

    [GeneratedRegex("<meta name=\"render-id\" content=\"([^\"]+)\"")]
    private static partial Regex RenderId();
}
