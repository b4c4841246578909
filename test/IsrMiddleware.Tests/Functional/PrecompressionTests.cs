using System.IO.Compression;
using System.Net;
using System.Text;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Functional;

public sealed class PrecompressionTests : IDisposable
{
    private static readonly string Html = "<!DOCTYPE html><html><body>"
        + string.Concat(Enumerable.Range(0, 300).Select(i => $"<li class=\"item\">Product number {i} in the catalogue</li>"))
        + "</body></html>";

    private readonly TempDirectory _cache = new();

    private Task<TestApp> StartAsync() => TestApp.StartAsync(
        (app, renders) =>
        {
            app.MapGet("/big/{slug}", (HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Content(Html, "text/html; charset=utf-8");
                })
                .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "page" }]);
            app.MapGet("/small/{slug}", () => Results.Content("<p>tiny</p>", "text/html"))
                .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "page" }]);
        },
        _cache.Path);

    private static async Task<HttpResponseMessage> GetAsync(TestApp app, string path, string? acceptEncoding, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await app.Client.SendAsync(request);
    }

    [Fact]
    public async Task Brotli_and_gzip_variants_are_served_by_accept_encoding_with_fewer_bytes()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var identity = await GetAsync(app, "/big/page", null);
        var brotli = await GetAsync(app, "/big/page", "gzip, deflate, br");
        var gzip = await GetAsync(app, "/big/page", "gzip");
        var identityBytes = await identity.Content.ReadAsByteArrayAsync();
        var brotliBytes = await brotli.Content.ReadAsByteArrayAsync();
        var gzipBytes = await gzip.Content.ReadAsByteArrayAsync();

        Assert.Equal(Html, Encoding.UTF8.GetString(identityBytes));
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        Assert.Equal("br", brotli.Content.Headers.ContentEncoding.Single());
        Assert.Equal("gzip", gzip.Content.Headers.ContentEncoding.Single());
        Assert.All([identity, brotli, gzip], response => Assert.Equal("Accept-Encoding", response.Headers.Vary.Single()));
        Assert.Equal(Html, Decode(new BrotliStream(new MemoryStream(brotliBytes), CompressionMode.Decompress)));
        Assert.Equal(Html, Decode(new GZipStream(new MemoryStream(gzipBytes), CompressionMode.Decompress)));
        Assert.True(identityBytes.Length >= 3 * brotliBytes.Length, $"{identityBytes.Length} vs {brotliBytes.Length} bytes");
        Assert.True(identityBytes.Length >= 3 * gzipBytes.Length, $"{identityBytes.Length} vs {gzipBytes.Length} bytes");
        Assert.Equal(brotliBytes.Length, brotli.Content.Headers.ContentLength);
        Assert.Equal(3, new[] { identity.Headers.ETag, brotli.Headers.ETag, gzip.Headers.ETag }.Distinct().Count());
        Assert.Equal(1, app.Renders.Total);
    }

    [Fact]
    public async Task Each_variant_validates_with_its_own_etag()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        var brotli = await GetAsync(app, "/big/page", "br");

        var sameVariant = await GetAsync(app, "/big/page", "br", brotli.Headers.ETag!.Tag);
        var otherVariant = await GetAsync(app, "/big/page", "gzip", brotli.Headers.ETag.Tag);

        Assert.Equal(HttpStatusCode.NotModified, sameVariant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherVariant.StatusCode);
    }

    [Fact]
    public async Task Small_pages_are_not_compressed()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var response = await GetAsync(app, "/small/page", "br, gzip");

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Empty(response.Headers.Vary);
        Assert.Equal("<p>tiny</p>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Variants_survive_a_restart_from_disk()
    {
        await using (var first = await StartAsync())
        {
            await first.WaitUntilReadyAsync();
        }

        await using var second = await StartAsync();
        await second.WaitUntilReadyAsync();
        var response = await GetAsync(second, "/big/page", "br");

        Assert.Equal(0, second.Renders.Total);
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
        Assert.Equal(Html, Decode(new BrotliStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress)));
    }

    private static string Decode(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public void Dispose() => _cache.Dispose();
}
