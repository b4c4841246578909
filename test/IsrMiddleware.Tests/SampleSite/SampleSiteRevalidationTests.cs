using System.Net;
using System.Text.Json;
using IsrMiddleware.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.SampleSite;

public sealed class SampleSiteRevalidationTests : IAsyncLifetime
{
    private readonly SampleSiteFactory _site = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _site.CreateClient(new() { AllowAutoRedirect = false });
        await _site.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task Edited_product_is_served_stale_then_with_the_new_price()
    {
        await File.WriteAllTextAsync(Path.Combine(_site.ContentDirectory, "products", "tools", "hammer.json"), """{"name": "Hammer", "price": 99.5}""");
        _site.Time.Advance(TimeSpan.FromSeconds(61));

        var stale = await _client.GetAsync("/products/tools/hammer");
        await WaitForIdleAsync();
        var fresh = await _client.GetAsync("/products/tools/hammer");

        Assert.Equal("STALE", stale.Headers.GetValues("X-Isr-Cache").Single());
        Assert.DoesNotContain("99.50", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("HIT", fresh.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("99.50", await fresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Category_tag_revalidation_regenerates_that_category_only()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/revalidate?tag=category:tools&mode=eager");
        request.Headers.Add("X-Revalidate-Secret", _site.RevalidateSecret);

        var response = await _client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var pages = json.RootElement.GetProperty("pages").EnumerateArray()
            .Select(page => (page.GetProperty("path").GetString(), page.GetProperty("outcome").GetString()))
            .Order()
            .ToArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("/products/tools/hammer", "regenerated"), ("/products/tools/wrench", "regenerated")], pages);
    }

    private async Task WaitForIdleAsync()
    {
        var generator = _site.Services.GetRequiredService<PageGenerator>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (generator.InFlight > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
