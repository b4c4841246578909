using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IsrMiddleware.Tests.Redis;

/// <summary>Bounded waits for the outage tests: a condition polled every 50 ms for at most 60 s.</summary>
internal static class RedisWaits
{
    public static Task<HealthReport> HealthAsync(TestApp app) => app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public static Task UntilHealthyAsync(params TestApp[] apps) => UntilAsync(
        "healthy again", async () => (await Task.WhenAll(apps.Select(HealthAsync))).All(report => report.Status == HealthStatus.Healthy));

    public static async Task UntilAsync(string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        for (var i = 0; i < 10_000 && !await condition(); i++)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not within 60 s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Until the app no longer serves <paramref name="oldBody"/> as a hit at <paramref name="path"/> (it answers STALE, or a new render).</summary>
    public static Task UntilNotServedAsFreshAsync(string what, TestApp app, string path, string oldBody) => UntilAsync(what, async () =>
    {
        var response = await app.Client.GetAsync(path);
        return response.Cache() != "HIT" || await response.Content.ReadAsStringAsync() != oldBody;
    });
}
