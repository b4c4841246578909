using System.Text.RegularExpressions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace IsrMiddleware;

/// <summary>Options of the static params middleware, configured through <c>AddStaticParams</c>.</summary>
public sealed class StaticParamsOptions
{
    private readonly Dictionary<string, StaticRouteProfile> _profiles = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The scheme and host every render sees, and so every link in a cached page. Default: <c>https://localhost</c>.
    /// Must be an absolute http or https URI without path, query or fragment.
    /// </summary>
    public Uri CanonicalOrigin { get; set; } = DefaultCanonicalOrigin;

    internal static Uri DefaultCanonicalOrigin { get; } = new("https://localhost");

    /// <summary>The folder of the disk tier. Default: <c>.isr-cache</c> under the content root.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The most bytes of page bodies held by the memory tier. Default: 64 MiB.</summary>
    public long MemoryLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many pages are rendered at once while pre-rendering. Default: the processor count.</summary>
    public int PrerenderParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Renders at start-up only this many of the declared pages that need a render, the busiest first (by the decayed
    /// hit counts the disk store keeps with each page); the others render on their first request (a page of the previous
    /// build is served stale meanwhile). Next.js's "return a subset" from <c>generateStaticParams</c>, driven by traffic.
    /// Default: null, every declared page. Whatever it is, pages are rendered busiest first.
    /// </summary>
    public int? PrerenderBusiestPages { get; set; }

    /// <summary>
    /// With <see cref="PrerenderBusiestPages"/>: once the busiest are rendered, renders the declared pages left over in
    /// the background at most this many a second, busiest first, one at a time (a page requested meanwhile is rendered
    /// then and skipped here). Default: null, the others wait for their first request.
    /// </summary>
    public double? BackgroundPrerenderPagesPerSecond { get; set; }

    /// <summary>
    /// Skips rendering at start-up: every page is rendered on first request (Next.js's empty <c>paths</c>).
    /// Params providers still run so that <see cref="UnknownParams.NotFound"/> routes know their pages. Default: false.
    /// </summary>
    public bool SkipPrerender { get; set; }

    /// <summary>How long a stored page may be served at all; the stale window is this minus the revalidate period. Default: one year.</summary>
    public TimeSpan Expire { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The identity of the app's code, recorded in every page: pages of another build are never served as fresh and
    /// are rendered again. Default: the module version id of the app's assembly, which changes with any change to its
    /// code or Razor views (filled in at start, so that a shared store can read it here). Set it to a release identity
    /// (a git commit) to tie pages to a deployment instead.
    /// </summary>
    public string? BuildId { get; set; }

    /// <summary>
    /// The longest a params provider may run at start-up before it counts as failed. A route whose provider fails starts
    /// with the pages of this build already stored (its provider is retried in the background); with none stored,
    /// start-up fails. Default: one minute.
    /// </summary>
    public TimeSpan ProviderTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest one render may take before it is cancelled and counted as failed. Default: 30 seconds.</summary>
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest page key (canonical path, percent-encoded) accepted. A request whose key is longer is answered 404
    /// without rendering, and nothing is stored for it. Default: 1024 characters.
    /// </summary>
    public int MaxKeyLength { get; set; } = 1024;

    /// <summary>
    /// The most pages created on demand (params no provider declared, under <see cref="UnknownParams.Blocking"/> or
    /// <see cref="UnknownParams.Fallback"/>) kept stored; the least recently used go first. Default: 10,000.
    /// </summary>
    public int MaxOnDemandPages { get; set; } = 10_000;

    /// <summary>The most body bytes of pages created on demand kept stored. Default: 256 MiB.</summary>
    public long MaxOnDemandBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// The most renders of params no provider declared (<see cref="UnknownParams.Blocking"/> and
    /// <see cref="UnknownParams.Fallback"/> routes) running at once; a request past it is answered 503 with
    /// <c>Retry-After</c>. Requests that join a render of the same page already running do not count. Default: 16.
    /// </summary>
    public int MaxConcurrentOnDemandRenders { get; set; } = 16;

    /// <summary>
    /// The most renders of params no provider declared that one client address may start in a minute (the address the
    /// app sees, after its forwarded-headers handling); past it, 503 with <c>Retry-After</c>. Default: 120.
    /// </summary>
    public int OnDemandRendersPerClientPerMinute { get; set; } = 120;

    /// <summary>
    /// How often every route's params providers run again while the app runs, so that new params are rendered and
    /// params no longer declared answer 404 without a restart (a revalidation of a tag a route carries, or of the route,
    /// does it at once). Default: null (never on a timer).
    /// </summary>
    public TimeSpan? DeclaredSetRefreshInterval { get; set; }

    /// <summary>
    /// The most pages one eager revalidation renders; the pages past it are marked stale (as a lazy revalidation does)
    /// and regenerated on their next request. Default: 1,000.
    /// </summary>
    public int MaxEagerRevalidationPages { get; set; } = 1_000;

    /// <summary>
    /// Compresses pages once when they are stored (Brotli and gzip) and serves the variant the client accepts, with
    /// <c>Vary: Accept-Encoding</c>. Applies to text, JSON, XML, JavaScript and SVG bodies of at least
    /// <see cref="PrecompressMinBytes"/>. Default: true.
    /// </summary>
    public bool Precompress { get; set; } = true;

    /// <summary>The smallest body worth compressing. Default: 1024 bytes.</summary>
    public int PrecompressMinBytes { get; set; } = 1024;

    /// <summary>How long a render's 404 for unknown params is remembered in memory (never on disk). Default: one minute.</summary>
    public TimeSpan NotFoundLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether page URLs end with a slash (Next.js's <c>trailingSlash</c>). A request for a static route that differs
    /// from its canonical path only by a trailing slash or by repeated slashes is redirected (308) to it; both forms
    /// name the same page. Default: false (<c>/docs/intro</c>, not <c>/docs/intro/</c>).
    /// </summary>
    public bool TrailingSlash { get; set; }

    /// <summary>
    /// Whether a request for a declared page is answered before routing: at the very start of the app's pipeline,
    /// from a map of canonical paths to pages, with the same answer <c>UseStaticParams()</c> would give (headers,
    /// 304, encodings, ranges, HEAD, <c>Age</c>, surrogate keys, metrics). Only a fresh or stale stored page is
    /// answered there; everything else (a miss, a preview, a non-canonical path, a route that requires authorization
    /// or has CORS, rate-limiting or output-caching metadata) goes through the pipeline as usual. Middleware placed
    /// before <c>UseStaticParams()</c> (request logging, forwarded headers, HTTPS redirection, response compression)
    /// does not run for the pages answered early: turn this on when none of it must. Default: false.
    /// </summary>
    public bool ServeBeforeRouting { get; set; }

    /// <summary>
    /// How long a page whose render turned out uncacheable (it set a cookie, or said <c>private</c> or <c>no-store</c>)
    /// is handed straight to its endpoint without a capture render. Default: 5 minutes.
    /// </summary>
    public TimeSpan UncacheableLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most uncacheable pages remembered at once; the least recently seen go first. Default: 10,000.</summary>
    public int MaxUncacheablePages { get; set; } = 10_000;

    /// <summary>Seconds after which the browser reloads a fallback shell (the <c>Refresh</c> header). Default: 1.</summary>
    public int FallbackRefreshSeconds { get; set; } = 1;

    /// <summary>
    /// User agents matching this pattern (case-insensitive) are crawlers: they get <see cref="UnknownParams.Blocking"/>
    /// where a route says <see cref="UnknownParams.Fallback"/>.
    /// </summary>
    public string BotUserAgentPattern { get; set; } =
        "bot|crawl|spider|slurp|facebookexternalhit|embedly|quora link preview|outbrain|pinterest|vkshare|w3c_validator|whatsapp|lighthouse|preview";

    /// <summary>
    /// Caches in the Development environment too. Default: false: like <c>next dev</c>, every request renders
    /// and <see cref="UnknownParams.NotFound"/> routes ask their providers on each request.
    /// </summary>
    public bool CacheInDevelopment { get; set; }

    /// <summary>
    /// Retries of a failed background render (regeneration, on-demand, pre-render). Default: 2 retries, exponential
    /// backoff from 500 ms with jitter. Set <c>MaxRetryAttempts</c> to 0 for none.
    /// </summary>
    public RetryStrategyOptions RenderRetry { get; set; } = new()
    {
        MaxRetryAttempts = 2,
        Delay = TimeSpan.FromMilliseconds(500),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
    };

    /// <summary>
    /// The circuit breaker of each route's background renders, so a failing backend is not hammered. Default: opens
    /// for 30 s when half of at least 4 renders in 30 s fail.
    /// </summary>
    public CircuitBreakerStrategyOptions RenderCircuitBreaker { get; set; } = new()
    {
        FailureRatio = 0.5,
        MinimumThroughput = 4,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// How long a page whose regeneration failed is served stale before the next attempt; doubles with each
    /// consecutive failure up to <see cref="MaxRegenerationBackoff"/>. Default: 5 seconds.
    /// </summary>
    public TimeSpan RegenerationBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between failed regenerations of a page. Default: 5 minutes.</summary>
    public TimeSpan MaxRegenerationBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The secret that <c>MapRevalidateEndpoint</c> requires in the <c>X-Revalidate-Secret</c> header. Mapping the
    /// endpoint without one fails at start-up.
    /// </summary>
    public string? RevalidateSecret { get; set; }

    /// <summary>
    /// Calls with a valid secret per minute that the revalidation and preview endpoints accept from one client address;
    /// past it they answer 429. Calls with a wrong secret never count here (see <see cref="SecretFailuresPerMinute"/>).
    /// Default: 60.
    /// </summary>
    public int RevalidateRequestsPerMinute { get; set; } = 60;

    /// <summary>
    /// Wrong secrets per minute accepted from one client by every door that checks <see cref="RevalidateSecret"/> (the
    /// revalidation and preview endpoints, and the status page when protected by the secret). Past it, that client's
    /// requests are answered 429 with <c>Retry-After</c> until the minute ends, without comparing the secret, so the
    /// secret cannot be guessed faster; other clients are not affected, and a missing secret is not counted. The client
    /// is <c>HttpContext.Connection.RemoteIpAddress</c> (an IPv6 address with its /64): behind a proxy, configure
    /// <c>UseForwardedHeaders</c> with the proxy as known, or every caller shares the proxy's budget. Default: 10.
    /// </summary>
    public int SecretFailuresPerMinute { get; set; } = 10;

    /// <summary>
    /// The most targets (paths, tags and prefixes) one revalidation call may name; the endpoint answers 400 past it.
    /// Default: 100.
    /// </summary>
    public int MaxRevalidationTargets { get; set; } = 100;

    /// <summary>
    /// How long an eager revalidation waits before rendering, so that the other revalidations of a webhook storm that
    /// reach the same page within it share its render. Eager revalidations of a page that arrive while its render runs
    /// always share the next one. Default: zero (render at once).
    /// </summary>
    public TimeSpan RevalidationCoalescingWindow { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a confirmed revalidation (<see cref="RevalidationOptions.Confirm"/>, <c>confirm=true</c> on the endpoint)
    /// waits for every live instance to acknowledge before reporting the ones that lagged. Default: 5 seconds.
    /// </summary>
    public TimeSpan ConfirmationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Surrogate-key headers and edge invalidation (a CDN or a Varnish in front of the site).</summary>
    public EdgeOptions Edge { get; set; } = new();

    /// <summary>Preview (draft mode): the cookie <c>MapPreviewEndpoint</c> sets.</summary>
    public PreviewOptions Preview { get; set; } = new();

    /// <summary>Live holes: per-request fragments streamed into a cached page (<c>AddHole</c>).</summary>
    public HoleOptions Holes { get; set; } = new();

    /// <summary>The named profiles.</summary>
    public IReadOnlyDictionary<string, StaticRouteProfile> Profiles => _profiles;

    /// <summary>Adds or configures a named profile.</summary>
    public StaticParamsOptions AddProfile(string name, Action<StaticRouteProfile> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (!_profiles.TryGetValue(name, out var profile))
        {
            profile = new StaticRouteProfile();
            _profiles.Add(name, profile);
        }

        configure(profile);
        return this;
    }

    internal Regex CreateBotRegex() =>
        new(BotUserAgentPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(250));
}
