using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Blazor;

public sealed class BlazorAppModelTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private Task<TestApp> StartAsync(bool antiforgeryFirst) => TestApp.StartAsync(
        (app, _) => app.MapRazorComponents<BlazorRoot>(),
        _cache.Path,
        services: services => services.AddRazorComponents(),
        pipeline: app =>
        {
            app.UseRouting();
            if (antiforgeryFirst)
            {
                app.UseAntiforgery();
            }

            app.UseStaticParams();
            if (!antiforgeryFirst)
            {
                app.UseAntiforgery();
            }
        });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Component_page_with_the_attribute_is_prerendered_and_served_whatever_the_antiforgery_order(bool antiforgeryFirst)
    {
        await using var app = await StartAsync(antiforgeryFirst);
        await app.WaitUntilReadyAsync();

        var a = await app.Client.GetAsync("/people/a");
        var b = await app.Client.GetAsync("/people/b");

        Assert.Equal("HIT", a.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("<h1>person a</h1>", await a.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("HIT", b.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(1, app.Renders.For("/people/a"));
        Assert.Equal(1, app.Renders.For("/people/b"));
    }

    [Fact]
    public async Task Cached_component_page_allows_enhanced_navigation()
    {
        await using var app = await StartAsync(antiforgeryFirst: true);
        await app.WaitUntilReadyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/people/b");
        request.Headers.TryAddWithoutValidation("Accept", "text/html; blazor-enhanced-nav=on");
        request.Headers.TryAddWithoutValidation("blazor-enhanced-nav", "on");

        var response = await app.Client.SendAsync(request);

        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("allow", response.Headers.GetValues("blazor-enhanced-nav").Single());
        Assert.False(response.Headers.Contains("ssr-framing"));
    }

    [Fact]
    public async Task Head_on_a_component_page_answers_the_headers_from_the_cache()
    {
        await using var app = await StartAsync(antiforgeryFirst: true);
        await app.WaitUntilReadyAsync();

        var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/people/a"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, app.Renders.For("/people/a"));
    }

    public void Dispose() => _cache.Dispose();
}
