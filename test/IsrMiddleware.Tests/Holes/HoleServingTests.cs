using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using IsrMiddleware.Engine;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace IsrMiddleware.Tests.Holes;

public sealed partial class HoleServingTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly HoleTestApp _site = new();

    public void Dispose() => _cache.Dispose();

    private static async Task<HttpResponseMessage> GetAsync(
        TestApp app, string path, string? user = null, string? acceptEncoding = null, HttpMethod? method = null, string? surrogateCapability = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", "user=" + Uri.EscapeDataString(user));
        }

        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (surrogateCapability is not null)
        {
            request.Headers.TryAddWithoutValidation("Surrogate-Capability", surrogateCapability);
        }

        return await app.Client.SendAsync(request);
    }

    private static string CacheControl(HttpResponseMessage response) => response.Headers.NonValidated["Cache-Control"].ToString();

    [Fact]
    public async Task Two_users_share_one_rendered_shell_and_each_gets_their_own_hole()
    {
        await using var app = await _site.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();

        var ann = await (await GetAsync(app, "/pages/a", "Ann")).Content.ReadAsStringAsync();
        var bob = await GetAsync(app, "/pages/a", "<Bob>");
        var bobHtml = await bob.Content.ReadAsStringAsync();
        var nobody = await (await GetAsync(app, "/pages/a")).Content.ReadAsStringAsync();

        Assert.Equal(1, app.Renders.For("/pages/a"));
        Assert.Equal("HIT", bob.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(RenderId().Match(ann).Value, RenderId().Match(bobHtml).Value);
        Assert.Contains("<div class=\"hole\">Hello Ann on /pages/a</div>", ann, StringComparison.Ordinal);
        Assert.Contains("<div class=\"hole\">Hello &lt;Bob&gt; on /pages/a</div>", bobHtml, StringComparison.Ordinal);
        Assert.Contains("<div class=\"hole\">anonymous</div>", nobody, StringComparison.Ordinal);
        Assert.DoesNotContain("Ann", bobHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("isr-hole", ann, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(_cache.Path, "*", SearchOption.AllDirectories))
        {
            var bytes = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain("Hello Ann", bytes, StringComparison.Ordinal);
            Assert.DoesNotContain("Bob", bytes, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_page_with_a_hole_is_private_without_the_shells_validator_and_HEAD_runs_no_hole()
    {
        await using var app = await _site.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        var stored = await app.Services.GetRequiredService<PageEngine>().GetAsync("/pages/a", CancellationToken.None);

        var get = await GetAsync(app, "/pages/a", "Ann");
        var runs = _site.HoleRuns.GetValueOrDefault("user");
        var head = await GetAsync(app, "/pages/a", "Ann", method: HttpMethod.Head);
        var runsAfterHead = _site.HoleRuns.GetValueOrDefault("user");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/pages/a");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", stored!.ETag);
        conditional.Headers.TryAddWithoutValidation("Range", "bytes=0-10");
        var revalidated = await app.Client.SendAsync(conditional);

        Assert.Equal("private, no-cache", CacheControl(get));
        Assert.True(stored.BrotliBody.IsEmpty && stored.GzipBody.IsEmpty, "a shell with holes is never sent whole: no variants of it are stored");
        Assert.Null(get.Headers.ETag);
        Assert.False(get.Headers.Contains("X-Isr-Holes"));
        Assert.False(get.Headers.Contains("Age"));
        Assert.Equal("no", get.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("HIT", head.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("private, no-cache", CacheControl(head));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(runs, runsAfterHead);

        // The shell's validator and its byte ranges name the shell, not what this request was sent.
        Assert.Equal(HttpStatusCode.OK, revalidated.StatusCode);
        Assert.Contains("anonymous", await revalidated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shell_arrives_before_a_slow_hole_and_the_hole_follows_when_it_completes()
    {
        await using var app = await _site.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await app.Client.GetAsync("/gated/a", HttpCompletionOption.ResponseHeadersRead, limit.Token);
        var body = await response.Content.ReadAsStreamAsync(limit.Token);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("</head>", StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, limit.Token);
            Assert.NotEqual(0, read);
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        // The head has arrived while the hole is still held at its gate.
        await _site.GateReached.Task.WaitAsync(limit.Token);
        Assert.False(_site.Gate.Task.IsCompleted);
        Assert.DoesNotContain("gate opened", received.ToString(), StringComparison.Ordinal);

        _site.Gate.SetResult();
        using var rest = new StreamReader(body);
        received.Append(await rest.ReadToEndAsync(limit.Token));
        var html = received.ToString();
        Assert.Contains("<div class=\"hole\"><b>gate opened</b></div><div class=\"hole\">anonymous</div>", html, StringComparison.Ordinal);
        Assert.EndsWith("</body></html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Holes_that_throw_hang_or_meddle_leave_the_page_whole_with_their_fallbacks()
    {
        await using var app = await _site.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();
        using var holes = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), "IsrMiddleware", "isr.holes");

        var pending = GetAsync(app, "/hostile/a", "Ann");
        await _site.HangReached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Past the timeout only once the other three holes have finished: only the hanging one is late.
        await holes.WaitForMeasurementsAsync(3, TimeSpan.FromSeconds(30));
        _site.Time.Advance(TimeSpan.FromSeconds(3));
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains(
            "<div class=\"hole\">fallback of throws</div><div class=\"hole\">fallback of hangs</div><div class=\"hole\">meddler output</div>"
            + "<div class=\"hole\">Hello Ann on /hostile/a</div>",
            html,
            StringComparison.Ordinal);
        Assert.DoesNotContain("meddled bytes", html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Meddled"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.EndsWith("</body></html>", html, StringComparison.Ordinal);
        var outcomes = holes.GetMeasurementSnapshot().Select(measurement => measurement.Tags["outcome"]).ToArray();
        Assert.Contains("failed", outcomes);
        Assert.Contains("timed-out", outcomes);
        Assert.Equal(2, outcomes.Count(outcome => (string?)outcome == "rendered"));
    }

    [Fact]
    public async Task Gzip_is_one_stream_of_the_precompressed_shell_and_the_hole_and_brotli_is_not_offered()
    {
        await using var app = await _site.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();

        var gzip = await GetAsync(app, "/pages/a", "Ann", acceptEncoding: "gzip");
        var compressed = await gzip.Content.ReadAsByteArrayAsync();
        var brotliOnly = await GetAsync(app, "/pages/a", "Ann", acceptEncoding: "br");
        var identity = await brotliOnly.Content.ReadAsStringAsync();

        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", gzip.Headers.Vary);
        using var inflate = new DeflateStream(new MemoryStream(compressed, 10, compressed.Length - 18), CompressionMode.Decompress);
        using var page = new MemoryStream();
        await inflate.CopyToAsync(page);
        var html = Encoding.UTF8.GetString(page.ToArray());
        Assert.Contains("Hello Ann on /pages/a", html, StringComparison.Ordinal);

        // The trailer checks the whole page: GZipStream verifies its CRC-32 and length.
        using var checkedStream = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var verified = new MemoryStream();
        await checkedStream.CopyToAsync(verified);
        Assert.Equal(page.ToArray(), verified.ToArray());
        Assert.True(compressed.Length < html.Length / 2, $"{compressed.Length} compressed bytes for {html.Length}");
        Assert.Empty(brotliOnly.Content.Headers.ContentEncoding);
        Assert.Equal(html, identity);
    }

    [Fact]
    public async Task An_esi_cache_gets_the_cacheable_shell_and_revalidates_it_with_its_own_validator()
    {
        await using var app = await _site.StartAsync(_cache.Path, mapHoleEndpoint: true);
        await app.WaitUntilReadyAsync();
        const string capability = "varnish=\"ESI/1.0\"";

        var shell = await GetAsync(app, "/hostile/a", "Ann", surrogateCapability: capability);
        var html = await shell.Content.ReadAsStringAsync();
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/hostile/a");
        conditional.Headers.TryAddWithoutValidation("Surrogate-Capability", capability);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", shell.Headers.ETag!.Tag);
        var notModified = await app.Client.SendAsync(conditional);

        Assert.Equal("s-maxage=31536000", CacheControl(shell));
        Assert.Equal("content=\"ESI/1.0\"", shell.Headers.GetValues("Surrogate-Control").Single());
        Assert.Contains("<div class=\"hole\"><esi:include src=\"/_isr/holes/user?page=%2Fhostile%2Fa&slot=3\"/></div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ann", html, StringComparison.Ordinal);
        Assert.False(shell.Headers.Contains("X-Isr-Holes"));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var hole = await GetAsync(app, "/_isr/holes/user?page=%2Fhostile%2Fa&slot=3", "Ann");
        var failed = await GetAsync(app, "/_isr/holes/throws?page=%2Fhostile%2Fa&slot=0", "Ann");
        Assert.Equal("Hello Ann on /hostile/a", await hole.Content.ReadAsStringAsync());
        Assert.Equal("private, no-store", CacheControl(hole));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal("fallback of throws", await failed.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/_isr/holes/nope?page=%2Fpages%2Fa", HttpStatusCode.NotFound)]
    [InlineData("/_isr/holes/user", HttpStatusCode.BadRequest)]
    [InlineData("/_isr/holes/user?page=https%3A%2F%2Fevil.example%2F", HttpStatusCode.BadRequest)]
    [InlineData("/_isr/holes/user?page=%2F%2Fevil.example", HttpStatusCode.BadRequest)]
    [InlineData("/_isr/holes/user?page=%2Fa&page=%2Fb", HttpStatusCode.BadRequest)]
    [InlineData("/_isr/holes/user?page=%2Fa&slot=-1", HttpStatusCode.BadRequest)]
    [InlineData("/_isr/holes/user?page=%2Fa&slot=x", HttpStatusCode.BadRequest)]
    public async Task The_hole_endpoint_refuses_unknown_holes_and_bad_pages(string url, HttpStatusCode expected)
    {
        await using var app = await _site.StartAsync(_cache.Path, mapHoleEndpoint: true);

        var response = await GetAsync(app, url, "Ann");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("private, no-store", CacheControl(response));
        Assert.DoesNotContain("Ann", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_hole_endpoint_an_esi_cache_gets_the_streamed_private_page()
    {
        await using var app = await _site.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();

        var response = await GetAsync(app, "/pages/a", "Ann", surrogateCapability: "varnish=\"ESI/1.0\"");

        Assert.Equal("private, no-cache", CacheControl(response));
        Assert.Contains("Hello Ann", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_404_answered_as_rendered_shows_its_holes_fallbacks_without_markers()
    {
        await using var app = await _site.StartAsync(_cache.Path);
        await app.WaitUntilReadyAsync();

        var response = await GetAsync(app, "/missing/x", "Ann");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("<p>gone</p><p>anonymous</p>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_live_request_renders_its_hole_in_place()
    {
        await using var app = await _site.StartAsync(_cache.Path);

        var response = await GetAsync(app, "/live", "Ann");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<p>meddler output Hello Ann on /live</p>", html);
        Assert.Equal(["page=own; path=/"], response.Headers.GetValues("Set-Cookie"));
        Assert.False(response.Headers.Contains("X-Meddled"));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("")]
    [InlineData("a/b")]
    public void A_hole_name_a_marker_cannot_carry_is_refused_naming_it(string name)
    {
        var builder = new ServiceCollection().AddStaticParams();

        var error = Assert.Throws<ArgumentException>(() => builder.AddHole(name, (_, _) => default));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hole_name_registered_twice_is_refused()
    {
        var builder = new ServiceCollection().AddStaticParams().AddHole("user", (_, _) => default);

        Assert.Throws<ArgumentException>(() => builder.AddHole("user", (_, _) => default));
    }

    [GeneratedRegex("<meta name=\"render-id\" content=\"[0-9a-f]{32}\">")]
    private static partial Regex RenderId();
}
