namespace IsrMiddleware;

/// <summary>Preview (draft mode), set through <c>StaticParamsOptions.Preview</c>; enabled by <c>MapPreviewEndpoint</c>.</summary>
public sealed class PreviewOptions
{
    /// <summary>
    /// The name of the signed preview cookie. Default: <c>isr-preview</c> (the name <c>docker/varnish/default.vcl</c>
    /// passes to the origin uncached).
    /// </summary>
    public string CookieName { get; set; } = "isr-preview";

    /// <summary>How long a preview cookie is valid after it is set. Default: one hour.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);
}
