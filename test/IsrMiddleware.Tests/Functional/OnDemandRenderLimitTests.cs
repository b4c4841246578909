using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Functional;

/// <summary>Renders of params no provider declared are bounded: at once, and per client in each minute.</summary>
public sealed class OnDemandRenderLimitTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Renders_of_unknown_params_never_exceed_the_concurrency_cap_and_the_excess_gets_503_with_Retry_After()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var most = 0;
        await using var app = await TestApp.StartAsync(
            (a, renders) => a.MapGet("/items/{slug}", async (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    var now = Interlocked.Increment(ref running);
                    InterlockedMax(ref most, now);
                    try
                    {
                        if (slug != "known")
                        {
                            await gate.Task;
                        }

                        return Results.Content($"<h1>{slug}</h1>", "text/html");
                    }
                    finally
                    {
                        Interlocked.Decrement(ref running);
                    }
                })
                .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "known" }])
                .WithUnknownParams(UnknownParams.Blocking),
            _cache.Path,
            options => options.MaxConcurrentOnDemandRenders = 3);
        await app.WaitUntilReadyAsync();

        var requests = Enumerable.Range(0, 12).Select(i => app.Client.GetAsync($"/items/new-{i}")).ToArray();
        // Nine of the twelve are answered while three renders hold the gate.
        var pending = requests.ToList();
        var refused = new List<HttpResponseMessage>();
        while (refused.Count < 9)
        {
            var done = await Task.WhenAny(pending).WaitAsync(TimeSpan.FromSeconds(30));
            pending.Remove(done);
            refused.Add(await done);
        }

        var known = await app.Client.GetAsync("/items/known");

        // The three admitted renders reach the endpoint before the gate opens (on a loaded machine they may lag the refusals).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Volatile.Read(ref running) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        gate.SetResult();
        var rendered = (await Task.WhenAll(requests)).Count(response => response.StatusCode == HttpStatusCode.OK);

        Assert.All(refused, response =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "no Retry-After");
        });
        Assert.Equal(3, rendered);
        Assert.Equal(3, Volatile.Read(ref most));
        Assert.Equal("HIT", known.Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task A_client_past_its_rate_is_refused_until_the_minute_passes_while_another_client_renders()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = await TestApp.StartAsync(
            MapItems,
            _cache.Path,
            options => options.OnDemandRendersPerClientPerMinute = 3,
            services => services.AddSingleton<TimeProvider>(time));
        await app.WaitUntilReadyAsync();

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add((await GetFromAsync(app, "10.0.0.1", $"/items/a-{i}")).StatusCode);
        }

        var other = await GetFromAsync(app, "10.0.0.2", "/items/b-0");
        var joined = await GetFromAsync(app, "10.0.0.1", "/items/a-0");
        time.Advance(TimeSpan.FromMinutes(1));
        var later = await GetFromAsync(app, "10.0.0.1", "/items/a-9");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("HIT", joined.Headers["X-Isr-Cache"].ToString());
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(0, app.Renders.For("/items/a-3"));
    }

    [Fact]
    public async Task A_flood_of_2000_distinct_unknown_paths_renders_within_the_cap_while_known_pages_stay_hits()
    {
        await using var app = await TestApp.StartAsync(
            MapItems,
            _cache.Path,
            options =>
            {
                options.OnDemandRendersPerClientPerMinute = 50;
                options.MaxConcurrentOnDemandRenders = 4;
            });
        await app.WaitUntilReadyAsync();

        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var knownAnswers = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var flooding = new CancellationTokenSource();
        var poll = Task.Run(async () =>
        {
            while (!flooding.IsCancellationRequested)
            {
                var response = await app.Client.GetAsync("/items/known");
                knownAnswers.Add(response.Headers.TryGetValues("X-Isr-Cache", out var values) ? values.Single() : response.StatusCode.ToString());
            }
        });

        await Parallel.ForEachAsync(
            Enumerable.Range(0, 2_000),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, token) => statuses.Add((await GetFromAsync(app, "10.0.0.9", $"/items/missing-{i}")).StatusCode));
        await flooding.CancelAsync();
        await poll;

        var unknownRenders = app.Renders.Total - app.Renders.For("/items/known");
        Assert.InRange(unknownRenders, 1, 50);
        Assert.Equal(2_000 - unknownRenders, statuses.Count(status => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable));
        Assert.NotEmpty(knownAnswers);
        Assert.All(knownAnswers, answer => Assert.Equal("HIT", answer));
    }

    public void Dispose() => _cache.Dispose();

    private static void MapItems(WebApplication app, RenderCounter renders) =>
        app.MapGet("/items/{slug}", (string slug, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return slug.StartsWith("missing-", StringComparison.Ordinal) ? Results.NotFound() : Results.Content($"<h1>{slug}</h1>", "text/html");
            })
            .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "known" }])
            .WithUnknownParams(UnknownParams.Blocking);

    private static async Task<(HttpStatusCode StatusCode, IHeaderDictionary Headers)> GetFromAsync(TestApp app, string address, string path)
    {
        var context = await app.App.GetTestServer().SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = path;
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        return ((HttpStatusCode)context.Response.StatusCode, context.Response.Headers);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
