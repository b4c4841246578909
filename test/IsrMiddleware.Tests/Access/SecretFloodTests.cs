using System.Diagnostics;
using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace IsrMiddleware.Tests.Access;

/// <summary>A bounded flood of wrong secrets from one client (in-process, no network) against two doors at once.</summary>
public sealed class SecretFloodTests(ITestOutputHelper output) : IDisposable
{
    private const int Guesses = 2_000;
    private const string Attacker = "203.0.113.66";
    private const string Webhook = "198.51.100.20";

    private readonly TempDirectory _cache = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeLoggerProvider _logs = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Wrong_secrets_are_capped_per_minute_log_lines_stay_bounded_and_another_clients_webhook_succeeds()
    {
        await using var app = await SecretGuardTests.StartAsync(_cache.Path, _time, _logs);
        await app.WaitUntilReadyAsync();
        var linesBefore = _logs.Collector.Count;
        var clock = Stopwatch.StartNew();

        var statuses = new List<HttpStatusCode>(2 * Guesses);
        var webhooks = new List<HttpStatusCode>();
        for (var i = 0; i < Guesses; i++)
        {
            statuses.Add((await app.Client.SendAsync(SecretGuardTests.Revalidate(Attacker, "guess-" + i))).StatusCode);
            statuses.Add((await app.Client.SendAsync(SecretGuardTests.Status(Attacker, "guess-" + i))).StatusCode);
            if (i % 200 == 0)
            {
                webhooks.Add((await app.Client.SendAsync(SecretGuardTests.Revalidate(Webhook, SecretGuardTests.Secret))).StatusCode);
            }
        }

        var compared = statuses.Count(status => status == HttpStatusCode.Unauthorized);
        var limited = statuses.Count(status => status == HttpStatusCode.TooManyRequests);
        // Lines an app writes with the usual levels ("Microsoft.AspNetCore": "Warning", as the templates and the sample
        // site set): the platform's per-request Information lines (request started, finished) are not counted here.
        var written = _logs.Collector.GetSnapshot().Skip(linesBefore).ToList();
        var lines = written.Count(record => !record.Category!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || record.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        foreach (var group in written.GroupBy(record => (record.Category, record.Level)).OrderByDescending(group => group.Count()).Take(8))
        {
            output.WriteLine($"{group.Count()} lines: {group.Key.Category} {group.Key.Level}");
        }

        output.WriteLine($"{statuses.Count} wrong secrets in {clock.ElapsedMilliseconds} ms: {compared} answered 401, {limited} answered 429; {lines} log lines; webhooks: {string.Join(", ", webhooks)}");

        Assert.Equal(SecretGuardTests.Budget, compared);
        Assert.Equal(statuses.Count - SecretGuardTests.Budget, limited);
        Assert.All(webhooks, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(Guesses / 200, webhooks.Count);
        Assert.InRange(lines, 1, webhooks.Count + 5);
        Assert.Single(_logs.Collector.GetSnapshot(), record => record.Id.Id == 860);

        // The next minute opens a new budget of the same size: guesses per minute stay capped.
        _time.Advance(TimeSpan.FromMinutes(1));
        var next = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            next.Add((await app.Client.SendAsync(SecretGuardTests.Revalidate(Attacker, "again-" + i))).StatusCode);
        }

        Assert.Equal(SecretGuardTests.Budget, next.Count(status => status == HttpStatusCode.Unauthorized));
        var second = _logs.Collector.GetSnapshot().Where(record => record.Id.Id == 860).ToList();
        Assert.Equal(2, second.Count);
        Assert.Equal((2 * Guesses - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), second[^1].StructuredState!.Single(pair => pair.Key == "Suppressed").Value);
    }
}
