using System.Diagnostics.Metrics;
using IsrMiddleware.Model;

namespace IsrMiddleware.Diagnostics;

/// <summary>The <c>IsrMiddleware</c> meter: requests by cache outcome, renders by reason and result, pages held.</summary>
internal sealed class IsrMetrics
{
    public const string MeterName = IsrTelemetry.MeterName;

    private readonly Counter<long> _requests;
    private readonly Counter<long> _renders;
    private readonly Histogram<double> _renderDuration;
    private readonly Counter<long> _revalidations;
    private readonly Counter<long> _leaseWaits;
    private readonly Counter<long> _holes;

    private readonly Meter _meter;

    // Renders take milliseconds to seconds; the exporters' default boundaries (0, 5, 10 ... 10000) suit milliseconds.
    private static readonly InstrumentAdvice<double> RenderDurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    public IsrMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("isr.requests", "{request}", "Requests for static routes, by cache outcome.");
        _renders = meter.CreateCounter<long>("isr.renders", "{render}", "Renders, by reason and result.");
        _renderDuration = meter.CreateHistogram("isr.render.duration", "s", "How long renders take.", tags: null, advice: RenderDurationAdvice);
        _revalidations = meter.CreateCounter<long>("isr.revalidations", "{page}", "Pages revalidated on demand, by outcome.");
        _leaseWaits = meter.CreateCounter<long>(
            "isr.render.lease_waits", "{wait}", "Renders this instance did not start because another instance held the page's render lease.");
        _holes = meter.CreateCounter<long>("isr.holes", "{hole}", "Live holes rendered into cached pages, by outcome (rendered, failed, timed-out).");
    }

    /// <summary>Observes the memory tier's size: called once, by the memory tier.</summary>
    public void ObserveMemoryTier(Func<long> count, Func<long> bytes)
    {
        _meter.CreateObservableGauge("isr.pages", count, "{page}", "Pages held by the memory tier.");
        _meter.CreateObservableGauge("isr.pages.bytes", bytes, "By", "Bytes held by the memory tier.");
    }

    public void Request(string outcome) => _requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Rendered(RenderReason reason, RenderResult result)
    {
        var reasonTag = new KeyValuePair<string, object?>("reason", ReasonName(reason));
        _renders.Add(1, reasonTag, new KeyValuePair<string, object?>("result", ResultName(result.Outcome)));
        _renderDuration.Record(result.Duration.TotalSeconds, reasonTag);
    }

    public void LeaseWaited() => _leaseWaits.Add(1);

    public void HoleRendered(string outcome) => _holes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Revalidated(string outcome) => _revalidations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private static string ReasonName(RenderReason reason) => reason switch
    {
        RenderReason.Prerender => "prerender",
        RenderReason.Blocking => "blocking",
        RenderReason.Fallback => "fallback",
        RenderReason.FallbackShell => "fallback-shell",
        RenderReason.Revalidate => "revalidate",
        RenderReason.OnDemand => "on-demand",
        RenderReason.Export => "export",
        _ => "other",
    };

    private static string ResultName(RenderOutcome outcome) => outcome switch
    {
        RenderOutcome.Page => "page",
        RenderOutcome.Redirect => "redirect",
        RenderOutcome.NotFound => "not-found",
        RenderOutcome.Uncacheable => "uncacheable",
        _ => "failed",
    };
}
