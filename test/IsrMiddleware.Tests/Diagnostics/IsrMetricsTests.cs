using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Diagnostics;

public sealed class IsrMetricsTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    [Fact]
    public async Task Requests_and_renders_are_counted_by_outcome_and_reason()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "IsrMiddleware" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            measurements.Enqueue((instrument.Name, string.Join(",", tags.ToArray().Select(tag => $"{tag.Key}={tag.Value}")))));
        listener.Start();

        await app.WaitUntilReadyAsync();
        await app.Client.GetAsync("/items/a");
        _backend.Time.Advance(TimeSpan.FromSeconds(61));
        await app.Client.GetAsync("/items/b");
        await RevalidationBackend.WaitForIdleAsync(app);
        await app.Client.GetAsync("/items/new");

        Assert.Contains(("isr.requests", "outcome=hit"), measurements);
        Assert.Contains(("isr.requests", "outcome=stale"), measurements);
        Assert.Contains(("isr.requests", "outcome=miss"), measurements);
        Assert.Contains(("isr.renders", "reason=revalidate,result=page"), measurements);
        Assert.Contains(("isr.renders", "reason=blocking,result=page"), measurements);
    }

    public void Dispose() => _cache.Dispose();
}
