using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Serving;

internal static partial class FastPathLog
{
    [LoggerMessage(870, LogLevel.Information,
        "Serving before routing: {Routes} of {Total} static routes; routes left to the routed path: {Excluded}")]
    public static partial void Routes(ILogger logger, int routes, int total, string excluded);

    [LoggerMessage(873, LogLevel.Debug, "Serving before routing: page map rebuilt with {Pages} pages")]
    public static partial void Built(ILogger logger, int pages);

    [LoggerMessage(871, LogLevel.Information, "Serving before routing is off: {Why}")]
    public static partial void Off(ILogger logger, string why);

    [LoggerMessage(872, LogLevel.Warning, "Serving before routing could not build its page map; requests take the routed path")]
    public static partial void BuildFailed(ILogger logger, Exception exception);
}
