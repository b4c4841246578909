using System.Net;
using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IsrMiddleware.Tests.Redis;

/// <summary>A revalidation while Redis is down: a clear 503 the caller can retry, never a 500, and pages keep being served.</summary>
public sealed class RedisRevalidationOutageTests : IDisposable
{
    private const string Secret = "outage-secret";

    private readonly TempDirectory _cache = new();
    private readonly string _prefix = RedisInstance.NewPrefix();
    private readonly FakeLoggerProvider _logs = new();

    public void Dispose()
    {
        _logs.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public async Task Revalidation_endpoint_answers_503_with_Retry_After_while_Redis_is_down_and_200_once_it_is_back()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await RedisInstance.StartAsync(
            "A",
            redis.Configuration,
            _prefix,
            _cache,
            services: services => services
                .Configure<StaticParamsOptions>(options => options.RevalidateSecret = Secret)
                .AddSingleton<ILoggerProvider>(_logs),
            endpoints: app => app.MapRevalidateEndpoint("/api/revalidate"));
        await a.WaitUntilReadyAsync();
        Assert.Equal("HIT", (await a.Client.GetAsync("/s/a")).Cache());

        await redis.KillAsync();

        foreach (var query in new[] { "path=/s/a", "tag=s", "prefix=/s/" })
        {
            var refused = await a.Client.SendAsync(Post("/api/revalidate?" + query));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("page store is unavailable", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<PageStoreUnavailableException>(() => a.Services.GetRequiredService<IPageRevalidator>().RevalidatePathAsync("/s/a"));
        Assert.Contains(_logs.Collector.GetSnapshot(), record => record.Id.Id == 405);

        // The memory tier serves meanwhile, and nothing was marked stale by the refused revalidations.
        for (var i = 0; i < 20; i++)
        {
            var page = await a.Client.GetAsync(i % 2 == 0 ? "/s/a" : "/s/b");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("HIT", page.Cache());
        }

        await redis.StartAgainAsync();
        await RedisWaits.UntilHealthyAsync(a);

        // Redis came back empty, so the page was rendered again; once that render is served, revalidate it.
        await RedisWaits.UntilAsync("/s/a fresh after the restart", async () => (await a.Client.GetAsync("/s/a")).Cache() == "HIT");
        var accepted = await a.Client.SendAsync(Post("/api/revalidate?path=/s/a"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("STALE", (await a.Client.GetAsync("/s/a")).Cache());
    }

    private static HttpRequestMessage Post(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("X-Revalidate-Secret", Secret);
        return request;
    }
}
