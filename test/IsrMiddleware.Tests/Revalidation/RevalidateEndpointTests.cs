using System.Net;
using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using IsrMiddleware.Access;

namespace IsrMiddleware.Tests.Revalidation;

public sealed class RevalidateEndpointTests : IDisposable
{
    private const string Secret = "s3cret-value";

    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    private readonly FakeLoggerProvider _logs = new();

    private Task<TestApp> StartAsync(int perMinute = 60) => _backend.StartAsync(
        _cache.Path,
        options =>
        {
            options.RevalidateSecret = Secret;
            options.RevalidateRequestsPerMinute = perMinute;
        },
        app => app.MapRevalidateEndpoint("/api/revalidate"),
        services => services.AddSingleton<ILoggerProvider>(_logs));

    private static HttpRequestMessage Post(string url, string? secret, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (secret is not null)
        {
            request.Headers.Add("X-Revalidate-Secret", secret);
        }

        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cret-valu")]
    public async Task Missing_or_wrong_secret_is_401_and_revalidates_nothing(string? secret)
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var response = await app.Client.SendAsync(Post("/api/revalidate?tag=items", secret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("HIT", (await app.Client.GetAsync("/items/a")).Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Secrets_given_or_configured_never_reach_the_logs()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        await app.Client.SendAsync(Post("/api/revalidate?tag=items", "guess-one"));
        await app.Client.SendAsync(Post("/api/revalidate?tag=items", Secret));

        var records = _logs.Collector.GetSnapshot();
        Assert.Contains(records, record => record.Id.Id == 860);
        Assert.Contains(records, record => record.Id.Id == 403);
        Assert.DoesNotContain(records, record => record.Message.Contains(Secret, StringComparison.Ordinal) || record.Message.Contains("guess-one", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_without_a_target_is_400()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var response = await app.Client.SendAsync(Post("/api/revalidate", Secret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Tag_from_the_query_answers_the_pages_revalidated()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var response = await app.Client.SendAsync(Post("/api/revalidate?tag=item:a", Secret));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.RootElement.GetProperty("revalidated").GetBoolean());
        Assert.Equal("lazy", json.RootElement.GetProperty("mode").GetString());
        var page = json.RootElement.GetProperty("pages").EnumerateArray().Single();
        Assert.Equal("/items/a", page.GetProperty("path").GetString());
        Assert.Equal("marked-stale", page.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Path_from_a_form_with_eager_mode_regenerates()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        _backend.Version = "v2";

        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["path"] = "/items/c", ["mode"] = "eager" });
        var response = await app.Client.SendAsync(Post("/api/revalidate", Secret, form));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"regenerated\"", body, StringComparison.Ordinal);
        Assert.Equal("<p>c v2</p>", await app.Client.GetStringAsync("/items/c"));
    }

    [Fact]
    public async Task Requests_past_the_rate_limit_are_429()
    {
        await using var app = await StartAsync(perMinute: 2);
        await app.WaitUntilReadyAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await app.Client.SendAsync(Post("/api/revalidate?tag=items", Secret))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Mapping_the_endpoint_without_a_secret_fails_at_start_up()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _backend.StartAsync(_cache.Path, map: app => app.MapRevalidateEndpoint("/api/revalidate")));

        Assert.Contains("RevalidateSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_on_the_endpoint_is_405_naming_post()
    {
        await using var app = await StartAsync();

        var response = await app.Client.GetAsync("/api/revalidate?tag=items");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Error_json_reads_as_written()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(Post("/api/revalidate?tag=items&mode=soon", Secret));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("mode 'soon'", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", body, StringComparison.Ordinal);
    }

    public void Dispose() => _cache.Dispose();
}
