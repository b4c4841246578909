using System.Diagnostics.Metrics;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Tests.Diagnostics;

public sealed class IsrMetricsTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    private static string[] Tags<T>(MetricCollector<T> collector)
        where T : struct =>
        [.. collector.GetMeasurementSnapshot().Select(measurement => string.Join(",", measurement.Tags.OrderBy(tag => tag.Key).Select(tag => $"{tag.Key}={tag.Value}")))];

    [Fact]
    public async Task Requests_and_renders_are_counted_by_outcome_and_reason()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        using var requests = new MetricCollector<long>(factory, "IsrMiddleware", "isr.requests");
        using var renders = new MetricCollector<long>(factory, "IsrMiddleware", "isr.renders");

        await app.WaitUntilReadyAsync();
        await app.Client.GetAsync("/items/a");
        _backend.Time.Advance(TimeSpan.FromSeconds(61));
        await app.Client.GetAsync("/items/b");
        await RevalidationBackend.WaitForIdleAsync(app);
        await app.Client.GetAsync("/items/new");

        Assert.Contains("outcome=hit", Tags(requests));
        Assert.Contains("outcome=stale", Tags(requests));
        Assert.Contains("outcome=miss", Tags(requests));
        Assert.Contains("reason=revalidate,result=page", Tags(renders));
        Assert.Contains("reason=blocking,result=page", Tags(renders));
    }

    [Fact]
    public async Task Render_duration_advises_bucket_boundaries_in_seconds()
    {
        await using var app = await _backend.StartAsync(_cache.Path);
        _ = app.Services.GetRequiredService<IsrMiddleware.Diagnostics.IsrMetrics>();
        IReadOnlyList<double>? boundaries = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument is Histogram<double> { Name: "isr.render.duration" } histogram)
                {
                    boundaries = histogram.Advice?.HistogramBucketBoundaries;
                }
            },
        };
        listener.Start();

        Assert.NotNull(boundaries);
        Assert.Equal(0.005, boundaries[0]);
        Assert.Equal(10, boundaries[^1]);
        Assert.Contains(0.1, boundaries);
    }

    public void Dispose() => _cache.Dispose();
}
