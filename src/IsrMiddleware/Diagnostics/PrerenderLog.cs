using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Diagnostics;

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
}
