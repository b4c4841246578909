using System.Diagnostics;
using System.Diagnostics.Metrics;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Edge;

/// <summary><c>isr.edge.purges</c> on the <c>IsrMiddleware</c> meter: calls to edge invalidators, by result.</summary>
internal sealed class EdgeMetrics
{
    private readonly Counter<long> _purges;
    private readonly Counter<long> _keys;

    public EdgeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(IsrMetrics.MeterName);
        _purges = meter.CreateCounter<long>("isr.edge.purges", "{call}", "Calls to edge invalidators, by invalidator and result (ok, failed, dropped).");
        _keys = meter.CreateCounter<long>("isr.edge.purged_keys", "{key}", "Surrogate keys sent to edge invalidators, by invalidator and result.");
    }

    public void Called(string invalidator, bool succeeded, int keys)
    {
        var tags = new TagList { { "invalidator", invalidator }, { "result", succeeded ? "ok" : "failed" } };
        _purges.Add(1, tags);
        _keys.Add(keys, tags);
    }

    public void Dropped() => _purges.Add(1, new KeyValuePair<string, object?>("result", "dropped"));
}
