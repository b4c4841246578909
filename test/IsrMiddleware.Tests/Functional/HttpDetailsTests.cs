using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using IsrMiddleware.Access;

namespace IsrMiddleware.Tests.Functional;

public sealed class HttpDetailsTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    private Task<TestApp> StartDocsAsync(bool trailingSlash = false) => TestApp.StartAsync(
        (app, renders) =>
        {
            app.MapGet("/docs/{**path}", (string path, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Content($"<h1>doc {path}</h1>", "text/html");
                })
                .WithStaticParams(_ => new[] { "getting-started", "guides/caching" }.Select(path => new RouteValueDictionary { ["path"] = path }))
                .WithUnknownParams(UnknownParams.Fallback);
            app.MapGet("/items/{slug}", (string slug) => Results.Content($"<p>{slug}</p>", "text/html"))
                .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }]);
            app.MapGet("/plain", () => "not static");
        },
        _cache.Path,
        options => options.TrailingSlash = trailingSlash);

    [Fact]
    public async Task Stored_pages_carry_their_age()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        _backend.Time.Advance(TimeSpan.FromSeconds(30));

        var response = await app.Client.GetAsync("/items/a");

        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.Age);
        Assert.Equal("s-maxage=60, stale-while-revalidate=31535940", response.Headers.NonValidated["Cache-Control"].ToString());
    }

    [Fact]
    public async Task Stale_answer_tells_shared_caches_it_is_not_fresh()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        _backend.Gate = new TaskCompletionSource();
        _backend.Time.Advance(TimeSpan.FromSeconds(75));

        var response = await app.Client.GetAsync("/items/a");
        _backend.Gate.SetResult();
        await RevalidationBackend.WaitForIdleAsync(app);

        Assert.Equal("STALE", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(TimeSpan.FromSeconds(75), response.Headers.Age);
        Assert.Equal("s-maxage=0, stale-while-revalidate=31535940", response.Headers.NonValidated["Cache-Control"].ToString());
    }

    [Fact]
    public async Task Head_on_a_MapGet_static_route_answers_the_headers_from_the_cache()
    {
        await using var app = await StartDocsAsync();
        await app.WaitUntilReadyAsync();
        var renders = app.Renders.Total;

        var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/docs/guides/caching"));
        var plainHead = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/plain"));
        var nowhere = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/nowhere"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("HIT", head.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<h1>doc guides/caching</h1>".Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(renders, app.Renders.Total);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, plainHead.StatusCode);
        Assert.False(plainHead.Headers.Contains("X-Isr-Cache"));
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
    }

    [Theory]
    [InlineData("/docs/getting-started/", "/docs/getting-started")]
    [InlineData("/docs/guides//caching", "/docs/guides/caching")]
    [InlineData("/docs//guides/caching/", "/docs/guides/caching")]
    [InlineData("/docs/getting-started/?utm=1&x=%20", "/docs/getting-started?utm=1&x=%20")]
    [InlineData("/items/a/", "/items/a")]
    public async Task Trailing_and_repeated_slashes_redirect_to_the_one_canonical_path(string requested, string location)
    {
        await using var app = await StartDocsAsync();
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync(requested);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Trailing_slash_option_redirects_the_other_way_and_serves_the_same_pages()
    {
        await using var app = await StartDocsAsync(trailingSlash: true);
        await app.WaitUntilReadyAsync();
        var renders = app.Renders.Total;

        var bare = await app.Client.GetAsync("/docs/getting-started");
        var slashed = await app.Client.GetAsync("/docs/getting-started/");
        var nested = await app.Client.GetAsync("/docs/guides/caching/");

        Assert.Equal(HttpStatusCode.PermanentRedirect, bare.StatusCode);
        Assert.Equal("/docs/getting-started/", bare.Headers.Location!.OriginalString);
        Assert.Equal("HIT", slashed.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("<h1>doc getting-started</h1>", await slashed.Content.ReadAsStringAsync());
        Assert.Equal("<h1>doc guides/caching</h1>", await nested.Content.ReadAsStringAsync());
        Assert.Equal(renders, app.Renders.Total);
    }

    public void Dispose() => _cache.Dispose();
}
