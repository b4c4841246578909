using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Prerendering;

internal static partial class PrerenderLog
{
    [LoggerMessage(100, LogLevel.Information, "Static route {Route}: {PageCount} pages declared ({Policy}, revalidate {Revalidate})")]
    public static partial void RouteEnumerated(ILogger logger, string route, int pageCount, UnknownParams policy, string revalidate);

    [LoggerMessage(101, LogLevel.Information, "Pre-rendering {PageCount} pages of {RouteCount} static routes with parallelism {Parallelism}")]
    public static partial void Starting(ILogger logger, int pageCount, int routeCount, int parallelism);

    [LoggerMessage(102, LogLevel.Information, "Pre-rendering: {Done}/{Total} pages, {PagesPerSecond:0.0} pages/s")]
    public static partial void Progress(ILogger logger, int done, int total, double pagesPerSecond);

    [LoggerMessage(103, LogLevel.Information, "Pre-rendering done: {Rendered} rendered, {Skipped} already stored, {Failed} failed, in {ElapsedSeconds:0.00} s ({PagesPerSecond:0.0} pages/s)")]
    public static partial void Completed(ILogger logger, int rendered, int skipped, int failed, double elapsedSeconds, double pagesPerSecond);

    [LoggerMessage(104, LogLevel.Information, "Pre-rendering skipped ({Why}); {PageCount} pages will render on first request")]
    public static partial void Skipped(ILogger logger, string why, int pageCount);

    [LoggerMessage(105, LogLevel.Error, "Pre-rendering stopped by an error.")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(106, LogLevel.Error, "Static route {Route}: its params provider failed at start-up; starting with the {PageCount} pages of this build already stored and retrying the provider in the background")]
    public static partial void ProviderFailedUsingStored(ILogger logger, string route, int pageCount, Exception exception);

    [LoggerMessage(107, LogLevel.Warning, "Static route {Route}: retrying its params provider failed (attempt {Attempt}); next in {Delay}")]
    public static partial void ProviderRetryFailed(ILogger logger, string route, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(108, LogLevel.Information, "Static route {Route}: its params provider recovered; {PageCount} pages declared")]
    public static partial void ProviderRecovered(ILogger logger, string route, int pageCount);

    [LoggerMessage(109, LogLevel.Information, "Removed {PageCount} stored pages that no params provider declares any more")]
    public static partial void UndeclaredPagesRemoved(ILogger logger, int pageCount);

    [LoggerMessage(110, LogLevel.Information, "Pre-rendering the {Busiest} busiest of {PageCount} pages to render (PrerenderBusiestPages); the others render on their first request")]
    public static partial void BusiestOnly(ILogger logger, int busiest, int pageCount);

    [LoggerMessage(114, LogLevel.Information, "Rendering the {PageCount} other declared pages in the background, at most {Rate} a second (BackgroundPrerenderPagesPerSecond)")]
    public static partial void BackgroundStarting(ILogger logger, int pageCount, double rate);

    [LoggerMessage(115, LogLevel.Information, "Background pre-rendering done: {Rendered} rendered, {Skipped} already fresh, {Failed} failed, in {Seconds:0.0} s")]
    public static partial void BackgroundCompleted(ILogger logger, int rendered, int skipped, int failed, double seconds);

    [LoggerMessage(111, LogLevel.Information, "Warm restart: serving the {PageCount} pages this build declared and stored before; the params providers run in the background")]
    public static partial void WarmStart(ILogger logger, int pageCount);

    [LoggerMessage(112, LogLevel.Information, "Warm restart: the params providers declared {PageCount} pages in {Seconds:F2} s ({Added} added, {Removed} no longer declared)")]
    public static partial void WarmEnumerated(ILogger logger, int pageCount, double seconds, int added, int removed);

    [LoggerMessage(113, LogLevel.Error, "Warm restart: the params providers failed in the background; the stored declared set stays")]
    public static partial void WarmEnumerationFailed(ILogger logger, Exception exception);
}
