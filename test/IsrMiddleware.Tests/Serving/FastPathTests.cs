using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using IsrMiddleware.Access;
using IsrMiddleware.Serving;

namespace IsrMiddleware.Tests.Serving;

/// <summary>
/// Serving before routing (<see cref="StaticParamsOptions.ServeBeforeRouting"/>): the same answers as the routed path,
/// request for request, and only for what it may answer. "Took the fast path" is observed by a middleware at the start
/// of the app's own pipeline, which a page answered before routing never reaches.
/// </summary>
public sealed class FastPathTests : IDisposable
{
    private const string Secret = "fast-path-secret";

    private readonly TempDirectory _fastCache = new();
    private readonly TempDirectory _routedCache = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        _fastCache.Dispose();
        _routedCache.Dispose();
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Every_answer_equals_the_routed_paths_and_hits_skip_the_apps_pipeline(bool trailingSlash, bool diskTier)
    {
        // diskTier: a memory tier of one byte holds no page, so every hit reads the page file.
        await using var fast = await StartAsync(_fastCache, serveBeforeRouting: true, trailingSlash: trailingSlash, diskTier: diskTier);
        await using var routed = await StartAsync(_routedCache, serveBeforeRouting: false, trailingSlash: trailingSlash, diskTier: diskTier);
        var a = trailingSlash ? "/pages/a/" : "/pages/a";
        var other = trailingSlash ? "/pages/a" : "/pages/a/";
        var etag = (await fast.App.Client.GetAsync(a)).Headers.ETag!.Tag;
        _time.Advance(TimeSpan.FromSeconds(7)); // Age: 7 on both

        (string Name, Func<HttpRequestMessage> Request, bool Early)[] cases =
        [
            ("GET", () => Get(a), true),
            ("HEAD", () => new HttpRequestMessage(HttpMethod.Head, a), true),
            ("If-None-Match", () => Get(a, ("If-None-Match", etag)), true),
            ("If-None-Match other", () => Get(a, ("If-None-Match", "\"other\"")), true),
            ("br", () => Get(a, ("Accept-Encoding", "br")), true),
            ("gzip", () => Get(a, ("Accept-Encoding", "gzip, deflate")), true),
            ("br refused", () => Get(a, ("Accept-Encoding", "br;q=0, gzip")), true),
            ("range", () => Get(a, ("Range", "bytes=0-9")), true),
            ("range unsatisfiable", () => Get(a, ("Range", "bytes=999999-")), true),
            ("query string", () => Get(a + "?utm=1&x=%20"), true),
            ("second page", () => Get(trailingSlash ? "/pages/b/" : "/pages/b"), true),
            ("constrained route", () => Get(trailingSlash ? "/other/1/" : "/other/1"), true),
            ("other slash form", () => Get(other), false),
            ("repeated slash", () => Get("/pages//a"), false),
            ("other case", () => Get("/PAGES/a"), false),
            ("undeclared", () => Get("/pages/zzz"), false),
            ("not static", () => Get("/plain"), false),
            ("POST", () => new HttpRequestMessage(HttpMethod.Post, a), false),
        ];

        foreach (var (name, request, early) in cases)
        {
            var passedBefore = fast.Passed;
            using var fastResponse = await fast.App.Client.SendAsync(request());
            using var routedResponse = await routed.App.Client.SendAsync(request());

            Assert.True(early == (fast.Passed == passedBefore), $"{name}: answered before routing {fast.Passed == passedBefore}, expected {early}");
            Assert.Equal(await DescribeAsync(routedResponse), await DescribeAsync(fastResponse));
        }
    }

    [Fact]
    public async Task A_page_read_from_disk_in_the_one_representation_a_request_takes_answers_as_from_memory()
    {
        // A memory tier of one byte keeps no page: every hit reads only the chosen variant's bytes from the page file.
        await using var memory = await StartAsync(_fastCache, serveBeforeRouting: false);
        await using var disk = await StartAsync(_routedCache, serveBeforeRouting: false, diskTier: true);
        using var brotli = await disk.App.Client.SendAsync(Get("/pages/a", ("Accept-Encoding", "br")));
        var brotliETag = brotli.Headers.ETag!.Tag;

        (string Name, Func<HttpRequestMessage> Request)[] cases =
        [
            ("identity", () => Get("/pages/a")),
            ("br", () => Get("/pages/a", ("Accept-Encoding", "gzip, deflate, br"))),
            ("gzip", () => Get("/pages/a", ("Accept-Encoding", "gzip"))),
            ("gzip preferred", () => Get("/pages/a", ("Accept-Encoding", "gzip;q=1, br;q=0.5"))),
            ("br refused", () => Get("/pages/a", ("Accept-Encoding", "br;q=0, *"))),
            ("HEAD br", () => new HttpRequestMessage(HttpMethod.Head, "/pages/a") { Headers = { { "Accept-Encoding", "br" } } }),
            ("br revalidated", () => Get("/pages/a", ("Accept-Encoding", "br"), ("If-None-Match", brotliETag))),
            ("br validator on identity", () => Get("/pages/a", ("If-None-Match", brotliETag))),
            ("range of br", () => Get("/pages/a", ("Accept-Encoding", "br"), ("Range", "bytes=3-20"))),
            ("range of identity", () => Get("/pages/a", ("Range", "bytes=-10"))),
            ("range unsatisfiable", () => Get("/pages/a", ("Accept-Encoding", "gzip"), ("Range", "bytes=999999-"))),
            ("small page", () => Get("/other/1", ("Accept-Encoding", "br"))),
        ];

        foreach (var (name, request) in cases)
        {
            using var fromMemory = await memory.App.Client.SendAsync(request());
            using var fromDisk = await disk.App.Client.SendAsync(request());

            Assert.True(fromDisk.Headers.TryGetValues("X-Isr-Cache", out var status) && status.Single() == "HIT", name);
            Assert.Equal(await DescribeAsync(fromMemory), await DescribeAsync(fromDisk));
        }
    }

    [Fact]
    public async Task Concurrent_disk_reads_in_pooled_buffers_each_answer_their_own_bytes()
    {
        await using var memory = await StartAsync(_fastCache, serveBeforeRouting: false);
        await using var disk = await StartAsync(_routedCache, serveBeforeRouting: false, diskTier: true);
        string[] encodings = ["", "br", "gzip", "gzip;q=1, br;q=0.5"];
        var expected = new Dictionary<string, byte[]>();
        foreach (var encoding in encodings)
        {
            foreach (var path in new[] { "/pages/a", "/pages/b" })
            {
                using var response = await memory.App.Client.SendAsync(Get(path, ("Accept-Encoding", encoding)));
                expected[path + encoding] = await response.Content.ReadAsByteArrayAsync();
            }
        }

        // 400 requests, 16 at a time, each representation of two pages read into pooled buffers side by side.
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            var path = i % 2 == 0 ? "/pages/a" : "/pages/b";
            var encoding = encodings[i / 2 % encodings.Length];
            using var response = await disk.App.Client.SendAsync(Get(path, ("Accept-Encoding", encoding)), token);
            Assert.Equal(expected[path + encoding], await response.Content.ReadAsByteArrayAsync(token));
        });
    }

    [Fact]
    public async Task A_route_that_requires_authorization_never_takes_the_fast_path()
    {
        var logs = new FakeLoggerProvider();
        await using var fast = await StartAsync(_fastCache, serveBeforeRouting: true, logs: logs);

        var passedBefore = fast.Passed;
        using var anonymous = await fast.App.Client.GetAsync("/private/a");
        using var signedIn = await fast.App.Client.SendAsync(Get("/private/a", (HeaderAuthentication.Header, "ann")));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("HIT", signedIn.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(passedBefore + 2, fast.Passed);
        var line = Assert.Single(logs.Collector.GetSnapshot(), record => record.Id.Id == 870).Message;
        Assert.Contains("3 of 6 static routes", line, StringComparison.Ordinal);
        Assert.Contains("/private/{slug} (authorization)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/limited/1", "rate limiting")]
    [InlineData("/cached/1", "output caching")]
    public async Task A_route_whose_metadata_middleware_reads_never_takes_the_fast_path(string path, string why)
    {
        var logs = new FakeLoggerProvider();
        await using var fast = await StartAsync(_fastCache, serveBeforeRouting: true, logs: logs);

        var passedBefore = fast.Passed;
        using var response = await fast.App.Client.GetAsync(path);

        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(passedBefore + 1, fast.Passed);
        Assert.Contains($"({why})", Assert.Single(logs.Collector.GetSnapshot(), record => record.Id.Id == 870).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hit_before_routing_is_counted_like_a_routed_one()
    {
        await using var fast = await StartAsync(_fastCache, serveBeforeRouting: true);
        var activity = fast.App.Services.GetRequiredService<IsrMiddleware.Diagnostics.PageActivity>();
        using var requests = new MetricCollector<long>(fast.App.Services.GetRequiredService<IMeterFactory>(), IsrTelemetry.MeterName, "isr.requests");
        var hitsBefore = activity.Hits;
        var passedBefore = fast.Passed;

        await fast.App.Client.GetAsync("/pages/a");
        await fast.App.Client.GetAsync("/pages/b");

        Assert.Equal(passedBefore, fast.Passed);
        Assert.Equal(hitsBefore + 2, activity.Hits);
        Assert.Equal(2, requests.GetMeasurementSnapshot().Count(measurement => Equals(measurement.Tags["outcome"], "hit")));
    }

    [Fact]
    public async Task A_revalidation_is_served_stale_before_routing_then_the_new_version()
    {
        await using var fast = await StartAsync(_fastCache, serveBeforeRouting: true);
        var first = await fast.App.Client.GetStringAsync("/pages/a");
        var passedBefore = fast.Passed;

        await fast.App.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/pages/a");
        using var stale = await fast.App.Client.GetAsync("/pages/a");
        await WaitForAsync(async () => await fast.App.Client.GetStringAsync("/pages/a") != first);
        using var fresh = await fast.App.Client.GetAsync("/pages/a");

        Assert.Equal("STALE", stale.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(first, await stale.Content.ReadAsStringAsync());
        Assert.Equal("HIT", fresh.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(passedBefore, fast.Passed); // the regeneration renders through the pipeline after UseStaticParams only
    }

    [Fact]
    public async Task A_new_build_never_serves_the_previous_builds_page_as_fresh_before_routing()
    {
        string old;
        await using (var first = await StartAsync(_fastCache, serveBeforeRouting: true, buildId: "build-1"))
        {
            old = await first.App.Client.GetStringAsync("/pages/a");
        }

        await using var second = await StartAsync(_fastCache, serveBeforeRouting: true, buildId: "build-2", skipPrerender: true);
        var passedBefore = second.Passed;
        using var stale = await second.App.Client.GetAsync("/pages/a");
        await WaitForAsync(async () => await second.App.Client.GetStringAsync("/pages/a") != old);
        using var fresh = await second.App.Client.GetAsync("/pages/a");

        Assert.Equal("STALE", stale.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(old, await stale.Content.ReadAsStringAsync());
        Assert.Equal("HIT", fresh.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(passedBefore, second.Passed);
    }

    [Fact]
    public async Task A_preview_cookie_takes_the_routed_path_and_bypasses_the_cache()
    {
        await using var fast = await StartAsync(_fastCache, serveBeforeRouting: true);
        var cookie = fast.App.Services.GetRequiredService<PreviewCookie>();
        var passedBefore = fast.Passed;

        using var preview = await fast.App.Client.SendAsync(Get("/pages/a", ("Cookie", $"{cookie.Name}={cookie.Issue().Value}")));
        using var forged = await fast.App.Client.SendAsync(Get("/pages/a", ("Cookie", $"{cookie.Name}=forged")));

        Assert.Equal("BYPASS", preview.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(passedBefore + 1, fast.Passed); // a forged cookie is ignored, as on the routed path
        Assert.Equal("HIT", forged.Headers.GetValues("X-Isr-Cache").Single());
    }

    private async Task<FastApp> StartAsync(
        TempDirectory cache,
        bool serveBeforeRouting,
        string buildId = "build-1",
        bool skipPrerender = false,
        FakeLoggerProvider? logs = null,
        bool trailingSlash = false,
        bool diskTier = false)
    {
        var passed = new StrongBox();
        var renders = 0;
        var app = await TestApp.StartAsync(
            (web, counter) =>
            {
                web.MapGet("/pages/{slug}", (string slug) =>
                    {
                        counter.Record("/pages/" + slug);
                        // Deterministic for the first render of each page on either app; each later render differs.
                        var version = Interlocked.Increment(ref renders) <= 2 ? 0 : renders;
                        return Results.Content($"<h1>{slug} v{version} {buildId}</h1>" + new string('x', 2048), "text/html; charset=utf-8");
                    })
                    .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }, new RouteValueDictionary { ["slug"] = "b" }])
                    .WithRevalidate(TimeSpan.FromHours(1))
                    .WithTags("pages");
                web.MapGet("/private/{slug}", (string slug) => Results.Content($"<p>{slug}</p>", "text/html"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }])
                    .RequireAuthorization();
                web.MapGet("/other/{id:int}", (int id) => Results.Text($"other {id}"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["id"] = "1" }]);
                web.MapGet("/limited/{id}", (string id) => Results.Text($"limited {id}"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["id"] = "1" }])
                    .RequireRateLimiting("per-client");
                web.MapGet("/cached/{id}", (string id) => Results.Text($"cached {id}"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["id"] = "1" }])
                    .CacheOutput();
                web.MapGet("/holes/{slug}", async (string slug, HttpContext context) =>
                        Results.Content($"<p>{slug}</p><p>{await context.RenderHoleAsync("who", "anonymous")}</p>", "text/html"))
                    .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }]);
                web.MapGet("/plain", () => "not static");
            },
            cache.Path,
            options =>
            {
                options.ServeBeforeRouting = serveBeforeRouting;
                options.BuildId = buildId;
                options.SkipPrerender = skipPrerender;
                options.TrailingSlash = trailingSlash;
                if (diskTier)
                {
                    options.MemoryLimitBytes = 1;
                }
                options.RevalidateSecret = Secret;
                options.Edge.SurrogateKeyHeaders = ["Surrogate-Key"];
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(_time);
                services.AddAuthentication(HeaderAuthentication.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, _ => { });
                services.AddAuthorization();
                services.AddStaticParams().AddHole("who", (hole, _) => ValueTask.FromResult<Microsoft.AspNetCore.Html.IHtmlContent>(
                    new Microsoft.AspNetCore.Html.HtmlContentBuilder().Append(hole.HttpContext.User.Identity?.Name ?? "anonymous")));
                if (logs is not null)
                {
                    services.AddSingleton<ILoggerProvider>(logs);
                }
            },
            pipeline: web =>
            {
                web.Use((context, next) =>
                {
                    Interlocked.Increment(ref passed.Count);
                    return next(context);
                });
                web.UseRouting();
                web.UseAuthentication();
                web.UseAuthorization();
                web.UseStaticParams();
            });
        await app.WaitUntilReadyAsync();
        await app.Services.GetRequiredService<FastPathMap>().RefreshAsync(CancellationToken.None);
        return new FastApp(app, passed);
    }

    private static HttpRequestMessage Get(string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Status, every header but <c>Date</c>, and the body's bytes.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(header => !header.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            .Select(header => $"{header.Key.ToLowerInvariant()}: {string.Join(", ", header.Value)}")
            .Order(StringComparer.Ordinal);
        var body = Convert.ToBase64String(await response.Content.ReadAsByteArrayAsync());
        return $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n{body}";
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Delay(10);
        }
    }

    private sealed class StrongBox
    {
        public int Count;
    }

    private sealed class FastApp(TestApp app, StrongBox passed) : IAsyncDisposable
    {
        public TestApp App { get; } = app;

        /// <summary>Requests that reached the start of the app's own pipeline.</summary>
        public int Passed => Volatile.Read(ref passed.Count);

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    [Fact]
    public async Task A_page_with_a_live_hole_takes_the_routed_path_so_its_hole_sees_the_authenticated_user()
    {
        await using var fast = await StartAsync(_fastCache, serveBeforeRouting: true);
        using var request = Get("/holes/a", (HeaderAuthentication.Header, "ann"));

        var passedBefore = fast.Passed;
        using var response = await fast.App.Client.SendAsync(request);

        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Contains("<p>ann</p>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(passedBefore + 1, fast.Passed);
    }

    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Header";
        public const string Header = "X-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
