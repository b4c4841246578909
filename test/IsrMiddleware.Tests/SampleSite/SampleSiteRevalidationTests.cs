using System.Net;
using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Access;

namespace IsrMiddleware.Tests.SampleSite;

public sealed class SampleSiteRevalidationTests : SampleSiteTestBase
{
    [Fact]
    public async Task Edited_product_is_served_stale_then_with_the_new_price()
    {
        await File.WriteAllTextAsync(Path.Combine(Site.ContentDirectory, "products", "tools", "hammer.json"), """{"name": "Hammer", "price": 99.5}""");
        Site.Time.Advance(TimeSpan.FromSeconds(61));

        var stale = await Client.GetAsync("/products/tools/hammer");
        await Site.Services.WaitForIdleAsync();
        var fresh = await Client.GetAsync("/products/tools/hammer");

        Assert.Equal("STALE", stale.Headers.GetValues("X-Isr-Cache").Single());
        Assert.DoesNotContain("99.50", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("HIT", fresh.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("99.50", await fresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Category_tag_revalidation_regenerates_that_category_only()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/revalidate?tag=category:tools&mode=eager");
        request.Headers.Add("X-Revalidate-Secret", Site.RevalidateSecret);

        var response = await Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var pages = json.RootElement.GetProperty("pages").EnumerateArray()
            .Select(page => (page.GetProperty("path").GetString(), page.GetProperty("outcome").GetString()))
            .Order()
            .ToArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("/products/tools/hammer", "regenerated"), ("/products/tools/wrench", "regenerated")], pages);
    }

    [Theory]
    [InlineData("/api/revalidate")]
    [InlineData("/_isr/revalidate")]
    public async Task Get_on_a_post_only_endpoint_is_405(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Revalidate-Secret", Site.RevalidateSecret);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }
}
