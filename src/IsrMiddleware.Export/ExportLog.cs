using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Export;

internal static partial class ExportLog
{
    [LoggerMessage(700, LogLevel.Information, "Exporting to {Directory} ({Environment} environment): {PageCount} pages of {RouteCount} static routes, parallelism {Parallelism}")]
    public static partial void Starting(ILogger logger, string directory, string environment, int pageCount, int routeCount, int parallelism);

    [LoggerMessage(701, LogLevel.Information, "Static route {Route}: {PageCount} pages declared")]
    public static partial void RouteEnumerated(ILogger logger, string route, int pageCount);

    [LoggerMessage(702, LogLevel.Information, "Exported {Done}/{Total} pages, {PagesPerSecond:0.0} pages/s")]
    public static partial void Progress(ILogger logger, int done, int total, double pagesPerSecond);

    [LoggerMessage(703, LogLevel.Error, "Page {Key} of {Route} was not exported: {Reason}")]
    public static partial void PageFailed(ILogger logger, string key, string route, string reason);

    [LoggerMessage(704, LogLevel.Warning, "Broken link {Link} on {Page}")]
    public static partial void BrokenLink(ILogger logger, string link, string page);

    [LoggerMessage(705, LogLevel.Warning, "Not written: {Path} ({Why})")]
    public static partial void Skipped(ILogger logger, string path, string why);

    [LoggerMessage(706, LogLevel.Information, "Export done: {Pages} pages and {StaticFiles} static files in {Directory} in {ElapsedSeconds:0.00} s ({PagesPerSecond:0.0} pages/s); {Failed} failed, {BrokenLinks} broken links")]
    public static partial void Completed(ILogger logger, int pages, int staticFiles, string directory, double elapsedSeconds, double pagesPerSecond, int failed, int brokenLinks);

    [LoggerMessage(707, LogLevel.Error, "Export failed: {Failed} pages could not be exported ({FailedKeys}); the files it wrote were removed. Pass --allow-failures to write the rest.")]
    public static partial void Failed(ILogger logger, int failed, string failedKeys);

    [LoggerMessage(708, LogLevel.Error, "Export failed: {Count} broken links (listed above). Fix them, or pass --allow-broken-links (StaticExportOptions.AllowBrokenLinks) to accept them.")]
    public static partial void BrokenLinksFatal(ILogger logger, int count);

    [LoggerMessage(709, LogLevel.Critical, "Export could not run.")]
    public static partial void Aborted(ILogger logger, Exception exception);

    [LoggerMessage(710, LogLevel.Error, "{Error}")]
    public static partial void BadCommandLine(ILogger logger, string error);

    [LoggerMessage(711, LogLevel.Error, "Export refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);
}
