using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using IsrMiddleware.Engine;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Load;

public sealed class MixedLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 60;
    private const int MaxRequestsPerClient = 2_000;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    private readonly TempDirectory _cache = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _generation = new();
    private int _overlaps;

    [Fact]
    public async Task Hits_stale_pages_misses_and_revalidations_under_load_lose_nothing()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/load/{slug}", async (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    if (_inFlight.AddOrUpdate(slug, 1, (_, n) => n + 1) > 1)
                    {
                        Interlocked.Increment(ref _overlaps);
                    }

                    await Task.Yield();
                    var generation = _generation.AddOrUpdate(slug, 1, (_, n) => n + 1);
                    _inFlight.AddOrUpdate(slug, 0, (_, n) => n - 1);
                    return Results.Content(Body(slug, generation), "text/plain");
                })
                .WithStaticParams(_ => Enumerable.Range(0, 20).Select(i => new RouteValueDictionary { ["slug"] = $"d{i}" }))
                .WithUnknownParams(UnknownParams.Blocking)
                .WithRevalidate(TimeSpan.FromSeconds(1))
                .WithCacheTags("load"),
            _cache.Path,
            options =>
            {
                options.MemoryLimitBytes = 256 * 1024;
                options.MaxOnDemandPages = 50;
                options.RegenerationBackoff = TimeSpan.Zero;

                // Sixty clients on one (test server) address, by design: the on-demand render caps are not what this measures.
                options.OnDemandRendersPerClientPerMinute = 1_000_000;
                options.MaxConcurrentOnDemandRenders = 1_000;
            },
            services => services.AddSingleton<TimeProvider>(_time));
        await app.WaitUntilReadyAsync();
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();
        var statuses = new ConcurrentDictionary<int, int>();
        var torn = new ConcurrentBag<string>();
        var requests = 0;
        var stopwatch = Stopwatch.StartNew();

        var clock = Task.Run(async () =>
        {
            while (stopwatch.Elapsed < Duration)
            {
                _time.Advance(TimeSpan.FromMilliseconds(250));
                await Task.Delay(50);
            }
        });
        var revalidations = Task.Run(async () =>
        {
            for (var i = 0; stopwatch.Elapsed < Duration && i < 200; i++)
            {
                await revalidator.RevalidateTagAsync("load", i % 2 == 0 ? RevalidationMode.Lazy : RevalidationMode.Eager);
                await Task.Delay(100);
            }
        });
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var i = 0; i < MaxRequestsPerClient && stopwatch.Elapsed < Duration; i++)
            {
                var slug = random.Next(10) < 7 ? $"d{random.Next(20)}" : $"od{random.Next(200)}";
                var response = await app.Client.GetAsync($"/load/{slug}");
                Interlocked.Increment(ref requests);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                var body = await response.Content.ReadAsStringAsync();
                if (!IsIntact(slug, body))
                {
                    torn.Add($"{slug}: {body[..Math.Min(body.Length, 80)]}");
                }
            }
        })).ToArray();
        await Task.WhenAll(clients.Append(clock).Append(revalidations));
        await app.Services.WaitForIdleAsync();

        output.WriteLine($"{requests} requests, {app.Renders.Total} renders, statuses: "
            + string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}={pair.Value}")));
        Assert.True(requests > Clients, $"only {requests} requests ran");
        Assert.All(statuses.Keys, status => Assert.True(status < 500, $"{statuses[status]} answers were {status}"));
        Assert.Empty(torn);
        Assert.Equal(0, _overlaps);
        var memory = app.Services.GetRequiredService<MemoryPageCache>();
        Assert.InRange(memory.EstimatedBytes, 0, 256 * 1024);
        Assert.InRange(app.Services.GetRequiredService<OnDemandPages>().Count, 0, 50);
    }

    private static string Body(string slug, int generation)
    {
        var payload = $"{slug}|{generation}|{new string('x', 2000)}";
        return payload + "|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
    }

    private static bool IsIntact(string slug, string body)
    {
        var last = body.LastIndexOf('|');
        if (last < 0)
        {
            return false;
        }

        var payload = body[..last];
        return payload.StartsWith(slug + "|", StringComparison.Ordinal)
            && Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload))) == body[(last + 1)..];
    }

    public void Dispose() => _cache.Dispose();
}
