using System.Net;
using System.Runtime.CompilerServices;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Prerendering;

/// <summary>A provider that streams its params: each set is bound as it arrives and none is kept once bound.</summary>
public sealed class StreamingProviderTests : IDisposable
{
    private const int Count = 200_000;

    private readonly TempDirectory _cache = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _cache.Dispose();

    /// <summary>Whether the set yielded first was still reachable when the last was asked for.</summary>
    private bool? _firstSetAliveAtTheEnd;

    [Fact]
    public async Task A_streaming_provider_of_200000_sets_declares_every_key_without_keeping_the_sets_and_logs_its_progress()
    {
        var logs = new FakeLoggerProvider();
        await using var app = await TestApp.StartAsync(
            (app, renders) => app.MapGet("/s/{id}", (string id, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    return Results.Content($"<p>{id}</p>", "text/html");
                })
                .WithStaticParams(StreamAsync),
            _cache.Path,
            options => options.SkipPrerender = true,
            services: services => services.AddSingleton<TimeProvider>(_time),
            logs: logs);
        await app.WaitUntilReadyAsync();

        Assert.False(_firstSetAliveAtTheEnd, "the first set yielded was still reachable at the end: the sets are held, not streamed");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"/s/{Count - 1}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/s/12345")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"/s/{Count}")).StatusCode);
        Assert.Contains(logs.Collector.GetSnapshot(), entry => entry.Id.Id == 610 && entry.Message.Contains("/s/{id}", StringComparison.Ordinal));
    }

    private async IAsyncEnumerable<RouteValueDictionary> StreamAsync(StaticParamsContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = Weak(new RouteValueDictionary { ["id"] = "0" }, out var set);
        yield return set!;
        set = null;
        for (var i = 1; i < Count; i++)
        {
            if (i % 50_000 == 0)
            {
                // Start-up enumeration logs its progress once a second: let one pass on the app's clock.
                _time.Advance(TimeSpan.FromSeconds(2));
                await Task.Yield();
            }

            if (i == Count - 1)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                _firstSetAliveAtTheEnd = first.IsAlive;
            }

            yield return new RouteValueDictionary { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Weak(RouteValueDictionary created, out RouteValueDictionary? set)
    {
        set = created;
        return new WeakReference(created);
    }
}
