using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IsrMiddleware.Tests.Status;

/// <summary>Two instances sharing the revalidation secret behind one balancer: a form served by one is accepted by the other.</summary>
public sealed class StatusActionsBehindABalancerTests : IDisposable
{
    private const string Secret = "shared-secret";

    private readonly TempDirectory _cacheA = new();
    private readonly TempDirectory _cacheB = new();
    private readonly RevalidationBackend _backend = new();

    public void Dispose()
    {
        _cacheA.Dispose();
        _cacheB.Dispose();
    }

    private async Task<TestApp> StartAsync(string cache, string secret = Secret)
    {
        var app = await _backend.StartAsync(cache, options => options.RevalidateSecret = secret, app => app.MapStaticParamsStatus("/_isr"));
        await app.WaitUntilReadyAsync();
        return app;
    }

    [Fact]
    public async Task A_form_served_by_one_instance_is_accepted_by_another_with_the_same_secret()
    {
        await using var a = await StartAsync(_cacheA.Path);
        await using var b = await StartAsync(_cacheB.Path);
        var token = await StatusClient.TokenAsync(a.Client);

        var accepted = await b.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", token));
        var wrong = await b.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", token[..^2] + (token.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA")));

        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Fact]
    public async Task A_form_from_an_instance_with_another_secret_or_past_its_window_is_refused()
    {
        await using var a = await StartAsync(_cacheA.Path, "another-secret");
        await using var b = await StartAsync(_cacheB.Path);
        var foreign = await StatusClient.TokenAsync(a.Client);
        var own = await StatusClient.TokenAsync(b.Client);

        var refused = await b.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", foreign));
        _backend.Time.Advance(TimeSpan.FromMinutes(61));
        var previousWindow = await b.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", own));
        _backend.Time.Advance(TimeSpan.FromMinutes(60));
        var lapsed = await b.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", own));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, previousWindow.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lapsed.StatusCode);
    }

    [Theory]
    [InlineData("http", "localhost", "http://localhost:8080", true)]
    [InlineData("http", "localhost:8080", "http://localhost:8080", true)]
    [InlineData("https", "example.com", "https://example.com", true)]
    [InlineData("https", "example.com:443", "https://example.com", true)]
    [InlineData("https", "EXAMPLE.com", "https://example.COM", true)]
    [InlineData("http", "localhost:8080", "http://localhost:8081", false)]
    [InlineData("http", "example.com", "https://example.com", false)]
    [InlineData("https", "example.com", "https://evil.example", false)]
    [InlineData("https", "example.com", "null", false)]
    [InlineData("https", "example.com", "https://example.com/path", false)]
    public void The_origin_must_name_the_scheme_and_host_the_app_sees_and_its_port_when_the_host_has_one(string scheme, string host, string origin, bool same)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);

        Assert.Equal(same, IsrMiddleware.Status.StatusActionGuard.IsSameOrigin(origin, context.Request));
    }

    [Fact]
    public async Task Behind_a_proxy_that_strips_the_port_the_origin_with_the_port_is_accepted()
    {
        await using var b = await StartAsync(_cacheB.Path);
        var token = await StatusClient.TokenAsync(b.Client);
        var request = StatusClient.Revalidate("path", "/items/a", token);
        request.Headers.Host = "localhost";
        request.Headers.Add("Origin", "http://localhost:8080");

        var response = await b.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }
}
