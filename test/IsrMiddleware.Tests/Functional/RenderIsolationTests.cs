using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IsrMiddleware.Tests.Functional;

public sealed class RenderIsolationTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Render_sees_the_canonical_origin_and_no_requester_data()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/echo/{slug}", (HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    var request = context.Request;
                    return Results.Text(
                        $"{request.Scheme}://{request.Host}{request.Path}|q={request.QueryString}|cookie={request.Headers.Cookie}|auth={request.Headers.Authorization}|fwd={request.Headers["X-Forwarded-Host"]}|render={context.IsStaticRender()}");
                })
                .WithStaticParams()
                .WithUnknownParams(UnknownParams.Blocking),
            _cache.Path,
            options => options.CanonicalOrigin = new Uri("https://www.example.test"));
        await app.WaitUntilReadyAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "http://evil.test/echo/x?token=1");
        request.Headers.Add("Cookie", "session=abc");
        request.Headers.Add("Authorization", "Bearer abc");
        request.Headers.Add("X-Forwarded-Host", "evil.test");
        var response = await app.Client.SendAsync(request);

        Assert.Equal("https://www.example.test/echo/x|q=|cookie=|auth=|fwd=|render=True", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Render_carries_no_client_address()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/client/{slug}", (HttpContext context) =>
                    Results.Text($"{context.Connection.RemoteIpAddress}|render={context.IsStaticRender()}"))
                .WithStaticParams()
                .WithUnknownParams(UnknownParams.Blocking),
            _cache.Path);
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync("/client/x");
        var parts = (await response.Content.ReadAsStringAsync()).Split('|');

        Assert.Equal("render=True", parts[1]);
        Assert.True(parts[0].Length == 0 || !IPAddress.IsLoopback(IPAddress.Parse(parts[0])), parts[0]);
        Assert.Equal(IPAddress.None.ToString(), parts[0]);
    }

    [Fact]
    public async Task Response_that_sets_a_cookie_is_not_stored()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/cookie/{slug}", (HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    context.Response.Cookies.Append("id", "42");
                    return Results.Text("hello");
                })
                .WithStaticParams()
                .WithUnknownParams(UnknownParams.Blocking),
            _cache.Path);
        await app.WaitUntilReadyAsync();

        var first = await app.Client.GetAsync("/cookie/x");
        var second = await app.Client.GetAsync("/cookie/x");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.Contains("Set-Cookie"));
        Assert.False(second.Headers.Contains("X-Isr-Cache"));
        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Private_or_no_store_responses_are_not_stored()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/private/{slug}", (HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    context.Response.Headers.CacheControl = "private, max-age=0";
                    return Results.Text("mine");
                })
                .WithStaticParams()
                .WithUnknownParams(UnknownParams.Blocking),
            _cache.Path);
        await app.WaitUntilReadyAsync();

        await app.Client.GetAsync("/private/x");
        var second = await app.Client.GetAsync("/private/x");

        Assert.Equal("mine", await second.Content.ReadAsStringAsync());
        Assert.False(second.Headers.Contains("X-Isr-Cache"));
        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Redirects_are_stored_and_replayed()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/moved/{slug}", (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Redirect($"/new/{slug}", permanent: true);
                })
                .WithStaticParams(_ => [new Microsoft.AspNetCore.Routing.RouteValueDictionary { ["slug"] = "a" }]),
            _cache.Path);
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync("/moved/a");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/new/a", response.Headers.Location!.ToString());
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(1, app.Renders.For("/moved/a"));
    }

    [Fact]
    public async Task Render_that_throws_is_not_stored_and_the_request_reaches_the_app()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/boom/{slug}", (HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    if (context.IsStaticRender())
                    {
                        throw new InvalidOperationException("backend down");
                    }

                    return Results.Text("live");
                })
                .WithStaticParams()
                .WithUnknownParams(UnknownParams.Blocking),
            _cache.Path);
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync("/boom/x");

        Assert.Equal("live", await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*.page", SearchOption.AllDirectories));
    }

    public void Dispose() => _cache.Dispose();
}
