using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Engine;

internal static partial class LeaseLog
{
    [LoggerMessage(250, LogLevel.Warning, "Another instance held the render lease of {Key} for longer than {Timeout}; rendering here too.")]
    public static partial void LeaseWaitTimedOut(ILogger logger, string key, TimeSpan timeout);
}
