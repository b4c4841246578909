namespace SampleSite.Data;

/// <summary>Where the site's content lives (configuration section <c>SampleSite</c>).</summary>
public sealed class ContentOptions
{
    /// <summary>The setting that names the content folder.</summary>
    public const string SettingName = "SampleSite:ContentDirectory";

    /// <summary>The content folder. Default: <c>content/</c> beside the app; a relative path is taken from the content root.</summary>
    public string? ContentDirectory { get; set; }
}
