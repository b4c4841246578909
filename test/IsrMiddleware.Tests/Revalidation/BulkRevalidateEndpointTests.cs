using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Revalidation;

public sealed class BulkRevalidateEndpointTests : IDisposable
{
    private const string Secret = "bulk-secret";

    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    private Task<TestApp> StartAsync(Action<StaticParamsOptions>? configure = null) => _backend.StartAsync(
        _cache.Path,
        options =>
        {
            options.RevalidateSecret = Secret;
            configure?.Invoke(options);
        },
        app => app.MapRevalidateEndpoint("/api/revalidate"));

    private static async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(TestApp app, string url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("X-Revalidate-Secret", Secret);
        using var response = await app.Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static string[] Describe(JsonElement pages) =>
        [.. pages.EnumerateArray().Select(page => $"{page.GetProperty("path").GetString()} {page.GetProperty("outcome").GetString()}")];

    [Fact]
    public async Task Repeated_query_targets_each_get_their_result()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        _backend.Version = "v2";

        var (status, json) = await PostAsync(app, "/api/revalidate?path=/items/a&path=/nowhere&tag=item:b&prefix=/items/c&mode=eager");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("eager", json.GetProperty("mode").GetString());
        var targets = json.GetProperty("targets").EnumerateArray().ToArray();
        Assert.Equal(
            ["path /items/a", "path /nowhere", "tag item:b", "prefix /items/c"],
            targets.Select(target => $"{target.GetProperty("kind").GetString()} {target.GetProperty("value").GetString()}"));
        Assert.Equal(["/items/a regenerated"], Describe(targets[0].GetProperty("pages")));
        Assert.Equal(["/nowhere no-route"], Describe(targets[1].GetProperty("pages")));
        Assert.Equal(["/items/b regenerated"], Describe(targets[2].GetProperty("pages")));
        Assert.Equal(["/items/c regenerated"], Describe(targets[3].GetProperty("pages")));
        Assert.Equal("<p>b v2</p>", await app.Client.GetStringAsync("/items/b"));
    }

    [Fact]
    public async Task Form_and_json_bodies_carry_several_targets_and_only_stored()
    {
        await using var app = await StartAsync(options => options.SkipPrerender = true);
        await app.WaitUntilReadyAsync();
        await app.Client.GetStringAsync("/items/a");
        var total = app.Renders.Total;

        var form = new FormUrlEncodedContent([new("path", "/items/a"), new("path", "/items/b"), new("mode", "eager"), new("onlyStored", "true")]);
        var (formStatus, formJson) = await PostAsync(app, "/api/revalidate", form);
        var body = JsonContent.Create(new { paths = new[] { "/items/c" }, tag = "items", mode = "eager", onlyStored = true });
        var (jsonStatus, jsonJson) = await PostAsync(app, "/api/revalidate", body);

        Assert.Equal(HttpStatusCode.OK, formStatus);
        Assert.True(formJson.GetProperty("onlyStored").GetBoolean());
        Assert.Equal(["/items/a regenerated", "/items/b not-cached"], Describe(formJson.GetProperty("pages")));
        Assert.Equal(HttpStatusCode.OK, jsonStatus);
        Assert.Equal(["/items/c not-cached", "/items/a regenerated"], Describe(jsonJson.GetProperty("pages")));
        Assert.Equal(2, app.Renders.Total - total);
    }

    [Fact]
    public async Task Webhook_storm_through_the_endpoint_renders_each_page_once_within_the_window()
    {
        await using var app = await StartAsync(options =>
        {
            options.PrerenderParallelism = 3;
            options.RevalidationCoalescingWindow = TimeSpan.FromSeconds(2);
        });
        await app.WaitUntilReadyAsync();
        var total = app.Renders.Total;
        var eager = app.Services.GetRequiredService<EagerRegenerations>();
        var joined = eager.Joined;
        _backend.Version = "v2";

        var storm = Enumerable.Range(0, 20).Select(_ => Task.Run(() => PostAsync(app, "/api/revalidate?tag=items&mode=eager"))).ToArray();
        await Until.TrueAsync(() => eager.Joined - joined == 60, "every webhook joined a render");
        var rendersInWindow = app.Renders.Total - total;
        _backend.Time.Advance(TimeSpan.FromSeconds(2));
        var answers = await Task.WhenAll(storm).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, rendersInWindow);
        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(["/items/a regenerated", "/items/b regenerated", "/items/c regenerated"], Describe(answer.Json.GetProperty("pages")).Order());
        });
        Assert.Equal(3, app.Renders.Total - total);
        Assert.Equal("<p>b v2</p>", await app.Client.GetStringAsync("/items/b"));
    }

    [Theory]
    [InlineData("path=/items/a&path=/items/b&tag=items", "3 targets exceed MaxRevalidationTargets (2)")]
    [InlineData("prefix=items/", "prefix 'items/' must start with '/'")]
    [InlineData("tag=items&onlyStored=maybe", "onlyStored 'maybe' is neither true nor false")]
    [InlineData("tag=items&mode=soon", "mode 'soon' is neither lazy nor eager")]
    [InlineData("tag=items&confirm=perhaps", "confirm 'perhaps' is neither true nor false")]
    [InlineData("path=&tag=%20", "give path=, tag=, prefix= or route=")]
    public async Task Bad_requests_are_400_with_a_message_and_revalidate_nothing(string query, string message)
    {
        await using var app = await StartAsync(options => options.MaxRevalidationTargets = 2);
        await app.WaitUntilReadyAsync();

        var (status, json) = await PostAsync(app, "/api/revalidate?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("HIT", (await app.Client.GetAsync("/items/a")).Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Malformed_json_body_is_400()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var (status, _) = await PostAsync(app, "/api/revalidate", new StringContent("{\"paths\": 3", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Confirm_reports_the_instances_that_applied_the_invalidation()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var (queried, queryJson) = await PostAsync(app, "/api/revalidate?path=/items/a&confirm=true");
        var (posted, bodyJson) = await PostAsync(app, "/api/revalidate", JsonContent.Create(new { tag = "items", confirm = true }));
        var (_, unconfirmed) = await PostAsync(app, "/api/revalidate?path=/items/a");

        Assert.Equal(HttpStatusCode.OK, queried);
        Assert.Equal(HttpStatusCode.OK, posted);
        foreach (var json in new[] { queryJson, bodyJson })
        {
            var confirmation = json.GetProperty("confirmation");
            Assert.True(confirmation.GetProperty("complete").GetBoolean());
            Assert.Equal([Environment.MachineName], confirmation.GetProperty("applied").EnumerateArray().Select(name => name.GetString()));
            Assert.Empty(confirmation.GetProperty("lagged").EnumerateArray());
        }

        Assert.False(unconfirmed.TryGetProperty("confirmation", out _));
        Assert.Equal("STALE", (await app.Client.GetAsync("/items/a")).Headers.GetValues("X-Isr-Cache").Single());
    }

    public void Dispose() => _cache.Dispose();
}
