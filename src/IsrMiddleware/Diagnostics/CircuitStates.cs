using System.Collections.Concurrent;
using Polly.Telemetry;

namespace IsrMiddleware.Diagnostics;

/// <summary>The state of each route's render circuit breaker, kept from Polly's telemetry events.</summary>
internal sealed class CircuitStates(TimeProvider time) : TelemetryListener
{
    private readonly ConcurrentDictionary<string, (string State, DateTimeOffset Since)> _states = new(StringComparer.Ordinal);

    /// <summary>The circuit of a route (by its display pattern): closed unless an event said otherwise.</summary>
    public (string State, DateTimeOffset? Since) Get(string route) =>
        _states.TryGetValue(route, out var state) ? (state.State, state.Since) : ("closed", null);

    public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        var state = args.Event.EventName switch
        {
            "OnCircuitOpened" => "open",
            "OnCircuitHalfOpened" => "half-open",
            "OnCircuitClosed" => "closed",
            _ => null,
        };
        if (state is not null && args.Source.PipelineInstanceName is { } route)
        {
            _states[route] = (state, time.GetUtcNow());
        }
    }
}
