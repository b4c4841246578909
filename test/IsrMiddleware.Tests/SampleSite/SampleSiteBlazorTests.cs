using System.Net;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.SampleSite;

/// <summary>The Blazor static-SSR section of the sample site: <c>/authors/{slug}</c>.</summary>
public sealed class SampleSiteBlazorTests : SampleSiteTestBase
{
    [Fact]
    public async Task Author_page_is_a_cached_component_page_fit_for_enhanced_navigation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/authors/ada");
        request.Headers.TryAddWithoutValidation("Accept", "text/html; blazor-enhanced-nav=on");
        request.Headers.TryAddWithoutValidation("blazor-enhanced-nav", "on");

        var response = await Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("allow", response.Headers.GetValues("blazor-enhanced-nav").Single());
        Assert.Contains("<h1>Ada Lovelace</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/authors/grace\"", html, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.web.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Author_pages_carry_the_authors_tag()
    {
        var page = await Site.Services.GetRequiredService<PageCache>().GetAsync("/authors/grace", CancellationToken.None);

        Assert.NotNull(page);
        Assert.Contains("authors", page.Tags);
    }

    [Fact]
    public async Task New_author_file_renders_blocking_and_missing_author_is_404()
    {
        await File.WriteAllTextAsync(Path.Combine(Site.ContentDirectory, "authors", "linus.md"), "# Linus\n\nWrites about kernels.\n");

        var first = await Client.GetAsync("/authors/linus");
        var second = await Client.GetAsync("/authors/linus");
        var missing = await Client.GetAsync("/authors/nobody");

        Assert.Equal("MISS", first.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("<h1>Linus</h1>", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("HIT", second.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Revalidating_the_authors_tag_brings_the_edited_name()
    {
        await File.WriteAllTextAsync(Path.Combine(Site.ContentDirectory, "authors", "ada.md"), "# Ada King\n\nCountess of Lovelace.\n");
        using var revalidate = new HttpRequestMessage(HttpMethod.Post, "/api/revalidate?tag=authors&mode=eager");
        revalidate.Headers.Add("X-Revalidate-Secret", Site.RevalidateSecret);

        var answer = await Client.SendAsync(revalidate);
        var page = await Client.GetAsync("/authors/ada");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("HIT", page.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("<h1>Ada King</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_on_an_author_page_answers_from_the_cache()
    {
        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/authors/ada"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
    }
}
