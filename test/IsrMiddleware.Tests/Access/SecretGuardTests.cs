using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Access;

/// <summary>
/// One protection for every door that checks the revalidation secret: wrong secrets are limited per client address,
/// valid secrets never count, one client's failures never refuse another client, refusal lines are throttled.
/// </summary>
public sealed class SecretGuardTests : IDisposable
{
    internal const string Secret = "s3cret-value";
    internal const int Budget = 10;

    private readonly TempDirectory _cache = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeLoggerProvider _logs = new();

    public void Dispose() => _cache.Dispose();

    /// <summary>An app with the revalidation endpoint, preview, and the status page behind the secret.</summary>
    internal static Task<TestApp> StartAsync(string cacheDirectory, TimeProvider time, FakeLoggerProvider logs, int requestsPerMinute = 10_000) => TestApp.StartAsync(
        (app, renders) =>
        {
            app.MapGet("/items/{slug}", (string slug) => Results.Content($"<p>{slug}</p>", "text/html"))
                .WithStaticParams(_ => new[] { "a" }.Select(slug => new RouteValueDictionary { ["slug"] = slug }))
                .WithCacheTags("items");
            app.MapRevalidateEndpoint("/api/revalidate");
            app.MapPreviewEndpoint("/api/preview");
            app.MapStaticParamsStatus("/_isr").RequireRevalidationSecret();
        },
        cacheDirectory,
        options =>
        {
            options.RevalidateSecret = Secret;
            options.SecretFailuresPerMinute = Budget;
            options.RevalidateRequestsPerMinute = requestsPerMinute;
        },
        services =>
        {
            services.AddSingleton(time);
            services.AddAuthentication().AddRevalidationSecret();
        },
        pipeline: app =>
        {
            ClientAddress.Use(app);
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseStaticParams();
        },
        logs: logs);

    internal static HttpRequestMessage Revalidate(string client, string? secret, string tag = "items")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/revalidate?tag=" + tag).From(client);
        if (secret is not null)
        {
            request.Headers.Add("X-Revalidate-Secret", secret);
        }

        return request;
    }

    internal static HttpRequestMessage Status(string client, string password, string path = "/_isr/status.json") =>
        new HttpRequestMessage(HttpMethod.Get, path)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + password))) },
        }.From(client);

    [Fact]
    public async Task A_secret_sent_to_a_page_anyone_may_read_is_neither_checked_nor_counted()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        await app.WaitUntilReadyAsync();

        var pages = new List<HttpStatusCode>();
        for (var i = 0; i < Budget + 5; i++)
        {
            var page = new HttpRequestMessage(HttpMethod.Get, "/items/a").From("203.0.113.7");
            page.Headers.Add("X-Revalidate-Secret", "wrong-" + i);
            page.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:wrong")));
            pages.Add((await app.Client.SendAsync(page)).StatusCode);
        }

        var webhook = await app.Client.SendAsync(Revalidate("203.0.113.7", Secret));

        Assert.All(pages, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), record => record.Id.Id == 860);
    }

    [Fact]
    public async Task Concurrent_wrong_secrets_are_compared_no_more_often_than_the_budget_allows()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        await app.WaitUntilReadyAsync();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
            (await app.Client.SendAsync(Revalidate("198.51.100.9", "guess-" + i))).StatusCode));

        Assert.Equal(Budget, statuses.Count(status => status == HttpStatusCode.Unauthorized));
        Assert.Equal(60 - Budget, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Wrong_secrets_past_the_budget_are_429_with_Retry_After_before_any_comparison()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Budget + 5; i++)
        {
            statuses.Add((await app.Client.SendAsync(Revalidate("203.0.113.7", "guess-" + i))).StatusCode);
        }

        var rightButLimited = await app.Client.SendAsync(Revalidate("203.0.113.7", Secret));

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, Budget), statuses.Take(Budget));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 5), statuses.Skip(Budget));
        Assert.Equal(HttpStatusCode.TooManyRequests, rightButLimited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), rightButLimited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Another_clients_valid_call_succeeds_while_one_client_is_limited()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        for (var i = 0; i < Budget + 1; i++)
        {
            await app.Client.SendAsync(Revalidate("203.0.113.7", "guess-" + i));
        }

        var webhook = await app.Client.SendAsync(Revalidate("198.51.100.20", Secret));
        var neighbour = await app.Client.SendAsync(Revalidate("203.0.113.8", "one-guess"));

        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, neighbour.StatusCode);
    }

    [Fact]
    public async Task Valid_secrets_never_take_from_the_budget_of_wrong_ones()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        for (var i = 0; i < 3 * Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Revalidate("198.51.100.20", Secret))).StatusCode);
        }

        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(Revalidate("198.51.100.20", "typo"))).StatusCode);
        }
    }

    [Fact]
    public async Task A_missing_secret_is_refused_but_not_counted()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        for (var i = 0; i < 3 * Budget; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(Revalidate("203.0.113.7", null))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Revalidate("203.0.113.7", Secret))).StatusCode);
    }

    [Fact]
    public async Task The_budget_comes_back_when_its_minute_is_over()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        for (var i = 0; i < Budget; i++)
        {
            await app.Client.SendAsync(Revalidate("203.0.113.7", "guess-" + i));
        }

        _time.Advance(TimeSpan.FromSeconds(45));
        var limited = await app.Client.SendAsync(Revalidate("203.0.113.7", Secret));
        _time.Advance(TimeSpan.FromSeconds(16));
        var back = await app.Client.SendAsync(Revalidate("203.0.113.7", Secret));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(15), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task Revalidation_preview_and_the_status_page_share_one_budget_per_client()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        for (var i = 0; i < Budget / 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(Revalidate("203.0.113.7", "guess-" + i))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(Status("203.0.113.7", "guess-" + i))).StatusCode);
        }

        var preview = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/preview?path=/items/a") { Headers = { { "X-Revalidate-Secret", Secret } } }.From("203.0.113.7"));
        var status = await app.Client.SendAsync(Status("203.0.113.7", Secret));
        var otherStatus = await app.Client.SendAsync(Status("198.51.100.20", Secret));

        Assert.Equal(HttpStatusCode.TooManyRequests, preview.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, status.StatusCode);
        Assert.NotNull(status.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, otherStatus.StatusCode);
    }

    [Fact]
    public async Task The_status_page_challenges_without_credentials_and_does_not_count_it()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        HttpResponseMessage? none = null;
        for (var i = 0; i < 3 * Budget; i++)
        {
            none = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_isr").From("203.0.113.7"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, none!.StatusCode);
        Assert.Equal("Basic", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Status("203.0.113.7", Secret, "/_isr"))).StatusCode);
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), record => record.Id.Id == 860);
    }

    [Fact]
    public async Task A_wrong_secret_writes_one_throttled_line_per_client_and_minute_with_the_count_held_back()
    {
        await using var app = await StartAsync(_cache.Path, _time, _logs);
        for (var i = 0; i < 5; i++)
        {
            await app.Client.SendAsync(Status("203.0.113.7", "guess-" + i));
            await app.Client.SendAsync(Revalidate("203.0.113.9", "guess-" + i));
        }

        var first = _logs.Collector.GetSnapshot().Where(record => record.Id.Id == 860).ToList();
        _time.Advance(TimeSpan.FromMinutes(1));
        await app.Client.SendAsync(Status("203.0.113.7", "again"));
        var later = _logs.Collector.GetSnapshot().Where(record => record.Id.Id == 860).ToList();

        Assert.Equal(2, first.Count);
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), record => record.Category?.Contains("Authentication", StringComparison.Ordinal) == true);
        Assert.Equal(3, later.Count);
        Assert.Equal("4", later[^1].StructuredState!.Single(pair => pair.Key == "Suppressed").Value);
        Assert.Contains("203.0.113.7", later[^1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(later, record => record.Message.Contains("guess", StringComparison.Ordinal));
    }
}
