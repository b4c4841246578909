using System.IO.Compression;
using System.Net;
using System.Text;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Serving;

/// <summary>Range requests on cached pages, RFC 9110 section 14: one range per request, on the served representation.</summary>
public sealed class RangeRequestTests : IAsyncLifetime
{
    private const string Body = "0123456789abcdefghij";

    private static readonly string Big = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i} of a page long enough to be compressed\n"));

    private readonly TempDirectory _cache = new();
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(
            (app, renders) =>
            {
                app.MapGet("/text/{slug}", () => Results.Text(Body, "text/plain"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "page" }]);
                app.MapGet("/big/{slug}", () => Results.Text(Big, "text/plain"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "page" }]);
            },
            _cache.Path);
        await _app.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _cache.Dispose();
    }

    [Fact]
    public async Task Cached_page_advertises_byte_ranges()
    {
        var response = await SendAsync(HttpMethod.Get, "/text/page");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("bytes=2-5", 2, 5)]
    [InlineData("bytes=15-", 15, 19)]
    [InlineData("bytes=-4", 16, 19)]
    [InlineData("bytes=10-999", 10, 19)]
    [InlineData("bytes=-999", 0, 19)]
    [InlineData("BYTES=0-0", 0, 0)]
    public async Task Single_range_answers_206_with_its_bytes_and_Content_Range(string range, int first, int last)
    {
        var response = await SendAsync(HttpMethod.Get, "/text/page", ("Range", range));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {first}-{last}/{Body.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(last - first + 1, response.Content.Headers.ContentLength);
        Assert.Equal(Body[first..(last + 1)], await response.Content.ReadAsStringAsync());
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory]
    [InlineData("bytes=20-")]
    [InlineData("bytes=50-60")]
    [InlineData("bytes=-0")]
    public async Task Unsatisfiable_range_answers_416_with_the_length(string range)
    {
        var response = await SendAsync(HttpMethod.Get, "/text/page", ("Range", range));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{Body.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=0-1, -2")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=x-y")]
    [InlineData("items=0-1")]
    [InlineData("bytes 0-1")]
    public async Task Several_ranges_or_a_range_that_cannot_be_read_get_the_whole_page(string range)
    {
        var response = await SendAsync(HttpMethod.Get, "/text/page", ("Range", range));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task If_Range_with_the_current_strong_ETag_answers_the_range()
    {
        var etag = (await SendAsync(HttpMethod.Get, "/text/page")).Headers.ETag!.Tag;

        var response = await SendAsync(HttpMethod.Get, "/text/page", ("Range", "bytes=0-3"), ("If-Range", etag));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("0123", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("\"another-version\"")]
    [InlineData("W/{etag}")]
    [InlineData("Sat, 01 Jan 2000 00:00:00 GMT")]
    public async Task If_Range_naming_another_version_a_weak_tag_or_a_date_gets_the_whole_page(string ifRange)
    {
        var etag = (await SendAsync(HttpMethod.Get, "/text/page")).Headers.ETag!.Tag;

        var response = await SendAsync(HttpMethod.Get, "/text/page", ("Range", "bytes=0-3"), ("If-Range", ifRange.Replace("{etag}", etag, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HEAD_ignores_Range()
    {
        var response = await SendAsync(HttpMethod.Head, "/text/page", ("Range", "bytes=0-3"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Body.Length, response.Content.Headers.ContentLength);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Matching_If_None_Match_still_answers_304()
    {
        var etag = (await SendAsync(HttpMethod.Get, "/text/page")).Headers.ETag!.Tag;

        var response = await SendAsync(HttpMethod.Get, "/text/page", ("Range", "bytes=0-3"), ("If-None-Match", etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Range_addresses_the_bytes_of_the_selected_encoding()
    {
        var whole = await SendAsync(HttpMethod.Get, "/big/page", ("Accept-Encoding", "gzip"));
        var gzip = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(["gzip"], whole.Content.Headers.ContentEncoding);

        var head = await SendAsync(HttpMethod.Get, "/big/page", ("Accept-Encoding", "gzip"), ("Range", "bytes=0-99"), ("If-Range", whole.Headers.ETag!.Tag));
        var tail = await SendAsync(HttpMethod.Get, "/big/page", ("Accept-Encoding", "gzip"), ("Range", "bytes=100-"));

        Assert.Equal(HttpStatusCode.PartialContent, head.StatusCode);
        Assert.Equal(["gzip"], head.Content.Headers.ContentEncoding);
        Assert.Equal($"bytes 0-99/{gzip.Length}", head.Content.Headers.ContentRange?.ToString());
        Assert.Equal($"bytes 100-{gzip.Length - 1}/{gzip.Length}", tail.Content.Headers.ContentRange?.ToString());
        var joined = (await head.Content.ReadAsByteArrayAsync()).Concat(await tail.Content.ReadAsByteArrayAsync()).ToArray();
        Assert.Equal(gzip, joined);
        using var unzip = new GZipStream(new MemoryStream(joined), CompressionMode.Decompress);
        using var reader = new StreamReader(unzip, Encoding.UTF8);
        Assert.Equal(Big, await reader.ReadToEndAsync());

        // The identity body's tag does not name the gzip representation: the whole gzip body.
        var identityTag = (await SendAsync(HttpMethod.Get, "/big/page")).Headers.ETag!.Tag;
        var mismatched = await SendAsync(HttpMethod.Get, "/big/page", ("Accept-Encoding", "gzip"), ("Range", "bytes=0-99"), ("If-Range", identityTag));
        Assert.Equal(HttpStatusCode.OK, mismatched.StatusCode);
        Assert.Equal(gzip, await mismatched.Content.ReadAsByteArrayAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _app.Client.SendAsync(request);
    }
}
