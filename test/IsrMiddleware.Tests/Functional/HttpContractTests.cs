using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using IsrMiddleware.Access;

namespace IsrMiddleware.Tests.Functional;

public sealed class HttpContractTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private Task<TestApp> StartAsync(TimeSpan? revalidate = null) => TestApp.StartAsync(
        (app, renders) =>
        {
            var route = app.MapMethods("/pages/{slug}", [HttpMethods.Get, HttpMethods.Head], (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    context.Response.Headers["Content-Language"] = "en";
                    context.Response.Headers["X-Internal"] = "secret";
                    return Results.Content($"<h1>{slug}</h1>", "text/html; charset=utf-8");
                })
                .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }]);
            if (revalidate is { } period)
            {
                route.WithRevalidate(period);
            }

            app.MapGet("/plain", () => "not static");
        },
        _cache.Path);

    [Fact]
    public async Task Hit_carries_a_strong_etag_and_next_style_cache_control()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync("/pages/a");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.StartsWith("\"", response.Headers.ETag.Tag, StringComparison.Ordinal);
        Assert.Equal("s-maxage=31536000", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("en", response.Content.Headers.ContentLanguage.Single());
        Assert.False(response.Headers.Contains("X-Internal"));
        Assert.Equal(10, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Revalidating_route_sends_s_maxage_and_the_stale_window()
    {
        await using var app = await StartAsync(TimeSpan.FromSeconds(60));
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync("/pages/a");

        Assert.Equal("s-maxage=60, stale-while-revalidate=31535940", response.Headers.NonValidated["Cache-Control"].ToString());
    }

    [Fact]
    public async Task Matching_if_none_match_answers_304_without_a_body()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        var first = await app.Client.GetAsync("/pages/a");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/pages/a");
        request.Headers.TryAddWithoutValidation("If-None-Match", $"\"other\", {first.Headers.ETag!.Tag}");
        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Non_matching_if_none_match_answers_the_page()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/pages/a");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"stale-version\"");
        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<h1>a</h1>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Head_answers_the_headers_without_the_body()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/pages/a"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(10, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Query_strings_and_path_case_map_to_the_same_page()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        var rendersBefore = app.Renders.Total;

        var withQuery = await app.Client.GetAsync("/pages/a?utm_source=x&slug=b");
        var otherCase = await app.Client.GetAsync("/PAGES/a");

        Assert.Equal("<h1>a</h1>", await withQuery.Content.ReadAsStringAsync());
        Assert.Equal("HIT", withQuery.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("HIT", otherCase.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(rendersBefore, app.Renders.Total);
    }

    [Fact]
    public async Task Other_endpoints_and_methods_pass_through()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var plain = await app.Client.GetAsync("/plain");
        var post = await app.Client.PostAsync("/pages/a", content: null);

        Assert.Equal("not static", await plain.Content.ReadAsStringAsync());
        Assert.False(plain.Headers.Contains("X-Isr-Cache"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    public void Dispose() => _cache.Dispose();
}
