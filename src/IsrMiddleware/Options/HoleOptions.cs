namespace IsrMiddleware;

/// <summary>Live holes in cached pages, set through <c>StaticParamsOptions.Holes</c>; holes are added with <c>AddHole</c>.</summary>
public sealed class HoleOptions
{
    /// <summary>
    /// How long one hole's renderer may take before the response shows the hole's fallback instead (the renderer's
    /// cancellation token is cancelled too). Default: 3 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
}
