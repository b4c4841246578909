using System.Net;
using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Access;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Status;

public sealed class StatusPageTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    private async Task<TestApp> StartAsync(Action<StaticParamsOptions>? configure = null)
    {
        var app = await _backend.StartAsync(_cache.Path, configure, map: app => app.MapStaticParamsStatus("/_isr"));
        await app.WaitUntilReadyAsync();
        return app;
    }

    [Fact]
    public async Task Json_lists_routes_and_pages_with_state_tags_size_hits_and_last_render()
    {
        await using var app = await StartAsync();
        await app.Client.GetAsync("/items/a");
        await app.Client.GetAsync("/items/a");

        var status = await StatusClient.JsonAsync(app.Client);
        var page = StatusClient.Page(status, "/items/a");
        var route = status.GetProperty("routes").EnumerateArray().Single();

        Assert.Equal(["/items/a", "/items/b", "/items/c"], StatusClient.Paths(status));
        Assert.Equal("fresh", page.GetProperty("state").GetString());
        Assert.Equal(2, page.GetProperty("hits").GetInt64());
        Assert.Equal(["items", "item:a"], page.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
        Assert.True(page.GetProperty("bytes").GetInt64() > 0);
        Assert.Equal(app.Services.GetRequiredService<IsrMiddleware.Engine.BuildIdentity>().Id, page.GetProperty("build").GetString());
        Assert.True(page.GetProperty("currentBuild").GetBoolean());
        Assert.Equal("prerender", page.GetProperty("lastRender").GetProperty("reason").GetString());
        Assert.Equal("page", page.GetProperty("lastRender").GetProperty("outcome").GetString());
        Assert.Equal("/items/{slug}", route.GetProperty("pattern").GetString());
        Assert.Equal("Blocking", route.GetProperty("policy").GetString());
        Assert.Equal(60, route.GetProperty("revalidateSeconds").GetDouble());
        Assert.Equal(3, route.GetProperty("declared").GetInt32());
        Assert.Equal(3, route.GetProperty("stored").GetInt32());
        Assert.Equal("closed", route.GetProperty("circuit").GetString());
        Assert.Equal(2, status.GetProperty("totals").GetProperty("hits").GetInt64());
        Assert.Equal(3, status.GetProperty("totals").GetProperty("prerenderDone").GetInt32());
        Assert.Equal(3, status.GetProperty("totals").GetProperty("prerenderTotal").GetInt32());
        Assert.Equal(90, status.GetProperty("chart").GetArrayLength());
    }

    [Fact]
    public async Task Pages_turn_stale_past_the_revalidate_period_and_failing_when_a_regeneration_fails()
    {
        await using var app = await StartAsync();
        _backend.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("stale", StatusClient.StateOf(await StatusClient.JsonAsync(app.Client), "/items/b"));

        _backend.Failing = true;
        await app.Client.GetAsync("/items/a");
        await RevalidationBackend.WaitForIdleAsync(app);

        var status = await StatusClient.JsonAsync(app.Client);
        var render = StatusClient.Page(status, "/items/a").GetProperty("lastRender");
        Assert.Equal("failing", StatusClient.StateOf(status, "/items/a"));
        Assert.Equal("revalidate", render.GetProperty("reason").GetString());
        Assert.Equal("failed", render.GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrEmpty(render.GetProperty("error").GetString()));
        Assert.Equal(1, status.GetProperty("totals").GetProperty("failures").GetInt64());
    }

    [Fact]
    public async Task A_page_being_rendered_shows_as_rendering()
    {
        await using var app = await StartAsync();
        _backend.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = app.Client.GetAsync("/items/new");
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            string? state = null;
            while (state != "rendering" && DateTime.UtcNow < deadline)
            {
                var status = await StatusClient.JsonAsync(app.Client);
                state = StatusClient.Paths(status).Contains("/items/new") ? StatusClient.StateOf(status, "/items/new") : null;
                await Task.Delay(20);
            }

            Assert.Equal("rendering", state);
        }
        finally
        {
            _backend.Gate.SetResult();
        }

        Assert.Equal(HttpStatusCode.OK, (await blocked).StatusCode);
        Assert.Equal("fresh", StatusClient.StateOf(await StatusClient.JsonAsync(app.Client), "/items/new"));
    }

    [Fact]
    public async Task Pages_are_filtered_by_route_state_and_tag_and_paged()
    {
        await using var app = await StartAsync();
        await app.Client.SendAsync(StatusClient.Revalidate("path", "/items/c", await StatusClient.TokenAsync(app.Client)));

        Assert.Equal(["/items/b"], StatusClient.Paths(await StatusClient.JsonAsync(app.Client, "?tag=item:b")));
        Assert.Equal(["/items/c"], StatusClient.Paths(await StatusClient.JsonAsync(app.Client, "?state=stale")));
        Assert.Empty(StatusClient.Paths(await StatusClient.JsonAsync(app.Client, "?route=/other/{x}")));
        var second = await StatusClient.JsonAsync(app.Client, "?route=/items/{slug}&size=2&page=2");
        Assert.Equal(["/items/c"], StatusClient.Paths(second));
        Assert.Equal(3, second.GetProperty("paging").GetProperty("totalItems").GetInt32());
        Assert.Equal(2, second.GetProperty("paging").GetProperty("totalPages").GetInt32());
        Assert.Contains("rel=\"next\"", await app.Client.GetStringAsync("/_isr?size=2"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?state=bogus")]
    [InlineData("?state=1")]
    [InlineData("?size=0")]
    [InlineData("?size=501")]
    [InlineData("?page=x")]
    [InlineData("?page=-1")]
    [InlineData("?tag=a&tag=b")]
    public async Task Bad_filters_are_400_with_a_reason(string query)
    {
        await using var app = await StartAsync();

        var html = await app.Client.GetAsync("/_isr" + query);
        var json = await app.Client.GetAsync("/_isr/status.json" + query);

        Assert.Equal(HttpStatusCode.BadRequest, html.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Revalidate_action_marks_a_path_or_a_tag_stale_or_regenerates_it_and_redirects_back()
    {
        await using var app = await StartAsync();
        var token = await StatusClient.TokenAsync(app.Client);

        var lazy = await app.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", token));
        Assert.Equal(HttpStatusCode.SeeOther, lazy.StatusCode);
        Assert.StartsWith("/_isr?done=", lazy.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("MarkedStale", await app.Client.GetStringAsync(lazy.Headers.Location), StringComparison.Ordinal);
        Assert.Equal("stale", StatusClient.StateOf(await StatusClient.JsonAsync(app.Client), "/items/a"));

        _backend.Version = "v2";
        var eager = await app.Client.SendAsync(StatusClient.Revalidate("tag", "items", token, "eager"));
        Assert.Equal(HttpStatusCode.SeeOther, eager.StatusCode);
        var status = await StatusClient.JsonAsync(app.Client);
        Assert.All(StatusClient.Paths(status), path => Assert.Equal("fresh", StatusClient.StateOf(status, path)));
        Assert.Equal("on-demand", StatusClient.Page(status, "/items/b").GetProperty("lastRender").GetProperty("reason").GetString());
        Assert.Equal("<p>b v2</p>", await app.Client.GetStringAsync("/items/b"));
    }

    [Fact]
    public async Task Revalidate_action_refuses_a_missing_token_another_origin_and_anything_but_a_form_post()
    {
        await using var app = await StartAsync();
        var token = await StatusClient.TokenAsync(app.Client);

        var noToken = await app.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", null));
        var wrongToken = await app.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", token + "x"));
        var crossOrigin = StatusClient.Revalidate("path", "/items/a", token);
        crossOrigin.Headers.Add("Origin", "http://evil.example");
        var crossSite = StatusClient.Revalidate("path", "/items/a", token);
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        var badTarget = await app.Client.SendAsync(StatusClient.Revalidate("file", "/items/a", token));
        var json = await app.Client.PostAsync("/_isr/revalidate", new StringContent("{\"path\":\"/items/a\"}", System.Text.Encoding.UTF8, "application/json"));
        var get = await app.Client.GetAsync("/_isr/revalidate");

        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.SendAsync(crossOrigin)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.SendAsync(crossSite)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTarget.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("fresh", StatusClient.StateOf(await StatusClient.JsonAsync(app.Client), "/items/a"));
    }

    [Fact]
    public async Task A_route_whose_renders_keep_failing_shows_its_circuit_open()
    {
        await using var app = await StartAsync(options =>
        {
            options.RenderCircuitBreaker.MinimumThroughput = 2;
            options.RenderCircuitBreaker.FailureRatio = 0.5;
        });
        _backend.Failing = true;

        await app.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("items", RevalidationMode.Eager);

        var route = (await StatusClient.JsonAsync(app.Client)).GetProperty("routes").EnumerateArray().Single();
        Assert.Equal("open", route.GetProperty("circuit").GetString());
        Assert.Contains("class=\"open\"", await app.Client.GetStringAsync("/_isr"), StringComparison.Ordinal);
    }

    public void Dispose() => _cache.Dispose();
}
