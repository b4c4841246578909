using Polly;
using Polly.Retry;

namespace IsrMiddleware;

/// <summary>
/// How pages reach a CDN or a Varnish in front of the site: the surrogate-key headers each page carries, and how
/// invalidations are sent to the registered <see cref="IEdgeInvalidator"/>s. Set through <c>StaticParamsOptions.Edge</c>.
/// </summary>
public sealed class EdgeOptions
{
    /// <summary>
    /// The response headers that carry a page's surrogate keys (its path key, see <see cref="SurrogateKeys.ForPath"/>,
    /// then its tags): <c>Surrogate-Key</c> for Fastly, <c>Cache-Tag</c> for Cloudflare (comma-separated), <c>xkey</c>
    /// for Varnish's xkey module. Several are allowed. Default: none (<c>AddVarnishInvalidator</c> adds <c>xkey</c>).
    /// </summary>
    public IList<string> SurrogateKeyHeaders { get; set; } = [];

    /// <summary>
    /// The longest value of one surrogate-key header. Keys past it are left out (the path key never is) and a warning
    /// names the page, once per page. Default: 8000 characters (Varnish's default header limit is 8 KiB; Fastly and
    /// Cloudflare accept 16 KiB).
    /// </summary>
    public int MaxSurrogateKeyHeaderLength { get; set; } = 8000;

    /// <summary>How long changes are gathered before they are sent as one batch. Default: 100 ms.</summary>
    public TimeSpan CoalescingWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most surrogate keys (and the most paths) in one call to an invalidator. Default: 256.</summary>
    public int MaxKeysPerCall { get; set; } = 256;

    /// <summary>How many calls to invalidators run at once, over all of them. Default: 4.</summary>
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>
    /// The most changes waiting to be sent; past it new ones are dropped, counted (<c>isr.edge.purges</c>,
    /// <c>result=dropped</c>) and logged. Default: 100,000.
    /// </summary>
    public int MaxQueuedChanges { get; set; } = 100_000;

    /// <summary>The longest one call to an invalidator may take before it is cancelled and retried. Default: 10 seconds.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries of a failed call (an exception or a timeout). Default: 3 retries, exponential backoff from 1 s with
    /// jitter. Set <c>MaxRetryAttempts</c> to 0 for none.
    /// </summary>
    public RetryStrategyOptions Retry { get; set; } = new()
    {
        MaxRetryAttempts = 3,
        Delay = TimeSpan.FromSeconds(1),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
    };
}
