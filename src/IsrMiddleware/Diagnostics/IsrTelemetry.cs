namespace IsrMiddleware;

/// <summary>Names to subscribe to the library's telemetry (for example <c>metrics.AddMeter(IsrTelemetry.MeterName)</c>).</summary>
public static class IsrTelemetry
{
    /// <summary>
    /// The meter: <c>isr.requests</c> (by <c>outcome</c>), <c>isr.renders</c> (by <c>reason</c> and <c>result</c>),
    /// <c>isr.render.duration</c>, <c>isr.revalidations</c>, <c>isr.pages</c> and <c>isr.pages.bytes</c>.
    /// </summary>
    public const string MeterName = "IsrMiddleware";
}
