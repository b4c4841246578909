using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace IsrMiddleware.Tests.SampleSite;

/// <summary>Behind a TLS-terminating proxy: the forwarded scheme is believed from the configured proxies only.</summary>
public sealed class SampleSiteForwardedHeadersTests : IAsyncLifetime
{
    private const string Proxy = "10.20.30.40";

    private readonly SampleSiteFactory _site = new();
    private WebApplicationFactory<Program> _proxied = null!;

    public async Task InitializeAsync()
    {
        _proxied = _site.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration(configuration =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ForwardedHeaders:KnownProxies:0"] = Proxy,
                ["ForwardedHeaders:KnownNetworks:0"] = "192.168.77.0/24",
            })));
        _proxied.CreateClient().Dispose();
        await _site.WaitUntilReadyAsync(_proxied.Services);
    }

    public async Task DisposeAsync()
    {
        await _proxied.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Theory]
    [InlineData(Proxy)]
    [InlineData("192.168.77.5")]
    public async Task A_known_proxy_forwarding_https_gets_a_Secure_preview_cookie(string proxy)
    {
        var context = await EnterPreviewAsync(proxy);

        Assert.Equal(StatusCodes.Status302Found, context.Response.StatusCode);
        Assert.Contains("secure", context.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("203.0.113.7", context.Connection.RemoteIpAddress?.ToString());
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unknown_address_are_ignored()
    {
        var context = await EnterPreviewAsync("10.20.30.41");

        Assert.Equal(StatusCodes.Status302Found, context.Response.StatusCode);
        Assert.DoesNotContain("secure", context.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("10.20.30.41", context.Connection.RemoteIpAddress?.ToString());
    }

    private Task<HttpContext> EnterPreviewAsync(string from) => _proxied.Server.SendAsync(context =>
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/api/preview";
        context.Request.QueryString = new QueryString("?path=/blog/hello-world");
        context.Request.Headers["X-Revalidate-Secret"] = _site.RevalidateSecret;
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
    });
}
