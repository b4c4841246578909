using System.Diagnostics.Metrics;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace IsrMiddleware.Tests.Redis;

/// <summary>Counts an instance's <c>isr.render.lease_waits</c>: renders it held back because another instance had the lease.</summary>
internal sealed class LeaseWaits(TestApp app) : IDisposable
{
    private readonly MetricCollector<long> _collector = new(app.Services.GetRequiredService<IMeterFactory>(), IsrTelemetry.MeterName, "isr.render.lease_waits");

    public long Count => _collector.GetMeasurementSnapshot().Sum(measurement => measurement.Value);

    public void Dispose() => _collector.Dispose();

    /// <summary>
    /// Waits until one instance renders <paramref name="path"/> and the other has been refused its lease at least once,
    /// so that the first render is released only once the second instance is provably waiting on it.
    /// </summary>
    public static async Task UntilOneRendersAndTheOtherWaitsAsync(TestApp a, LeaseWaits aWaits, TestApp b, LeaseWaits bWaits, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var i = 0; i < 2000 && DateTime.UtcNow < deadline; i++)
        {
            var (renderedOnA, renderedOnB) = (a.Renders.For(path), b.Renders.For(path));
            if ((renderedOnA > 0 && bWaits.Count > 0) || (renderedOnB > 0 && aWaits.Count > 0))
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"after 20 s: renders A {a.Renders.For(path)}, B {b.Renders.For(path)}; lease waits A {aWaits.Count}, B {bWaits.Count}");
    }
}
