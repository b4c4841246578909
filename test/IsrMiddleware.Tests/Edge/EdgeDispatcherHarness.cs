using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Edge;

namespace IsrMiddleware.Tests.Edge;

/// <summary>The edge queue and dispatcher on a fake clock, with one recording invalidator, collected logs and metrics.</summary>
internal sealed class EdgeDispatcherHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly MeterListener _listener = new();
    private readonly EdgeInvalidationDispatcher _dispatcher;

    public EdgeDispatcherHarness(Action<EdgeOptions> configure)
    {
        var options = new StaticParamsOptions();
        configure(options.Edge);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "isr.edge.purges" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    Purges.AddOrUpdate((string)tag.Value!, value, (_, old) => old + value);
                }
            }
        });
        _listener.Start();
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        var metrics = new EdgeMetrics(factory);
        var wrapped = Options.Create(options);
        Queue = new EdgeInvalidationQueue(wrapped, metrics, Time, _loggers.CreateLogger<EdgeInvalidationQueue>());
        _dispatcher = new EdgeInvalidationDispatcher(Queue, [Invalidator], wrapped, metrics, Time, _loggers.CreateLogger<EdgeInvalidationDispatcher>());
    }

    public FakeTimeProvider Time { get; } = new();

    public RecordingInvalidator Invalidator { get; } = new();

    public EdgeInvalidationQueue Queue { get; }

    public FakeLoggerProvider Logs { get; } = new();

    public ConcurrentDictionary<string, long> Purges { get; } = new();

    public Task StartAsync() => _dispatcher.StartAsync(CancellationToken.None);

    public int LogCount(int eventId) => Logs.Collector.GetSnapshot().Count(entry => entry.Id.Id == eventId);

    /// <summary>Moves the fake clock in steps until the condition holds (bounded in steps and in real time).</summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var i = 0; i < 2_000 && DateTime.UtcNow < deadline; i++)
        {
            if (condition())
            {
                return;
            }

            Time.Advance(step);
            await Task.Delay(5);
        }

        Assert.True(condition(), "The condition did not hold within 2,000 steps / 20 s.");
    }

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        _listener.Dispose();
        _loggers.Dispose();
        await _services.DisposeAsync();
    }
}
