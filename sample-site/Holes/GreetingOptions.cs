namespace SampleSite.Holes;

/// <summary>The greeting hole's settings (configuration section <c>SampleSite</c>).</summary>
public sealed class GreetingOptions
{
    /// <summary>Milliseconds the greeting takes to render, to watch the cached shell arrive first. Default: 0.</summary>
    public int GreetingDelayMs { get; set; }
}
