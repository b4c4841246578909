using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Blazor;

/// <summary>A <c>[StreamRendering]</c> page without a form is cached with its streamed content in place.</summary>
public sealed class StreamRenderingTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task A_streaming_page_without_a_form_is_stored_with_the_streamed_content_folded_in_and_no_cookie()
    {
        await using var app = await StartAsync();

        var response = await app.Client.GetAsync("/forecast/a");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("<!--bl:", body, StringComparison.Ordinal);
        Assert.Contains("<p>sunny in a</p>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading...", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<blazor-ssr>", body, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.EndsWith("</html>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streaming_page_with_a_form_keeps_its_antiforgery_cookie_and_is_not_cached()
    {
        await using var app = await StartAsync();

        var response = await app.Client.GetAsync("/forecast-form/a");

        Assert.False(response.Headers.Contains("X-Isr-Cache"));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
    }

    public void Dispose() => _cache.Dispose();

    private async Task<TestApp> StartAsync()
    {
        var app = await TestApp.StartAsync(
            (a, _) => a.MapRazorComponents<BlazorRoot>(),
            _cache.Path,
            services: services => services.AddRazorComponents(),
            pipeline: a =>
            {
                a.UseRouting();
                a.UseAntiforgery();
                a.UseStaticParams();
            });
        await app.WaitUntilReadyAsync();
        return app;
    }
}
