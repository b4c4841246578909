using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Diagnostics;

internal static partial class RenderLog
{
    [LoggerMessage(250, LogLevel.Warning, "Another instance held the render lease of {Key} for longer than {Timeout}; rendering here too.")]
    public static partial void LeaseWaitTimedOut(ILogger logger, string key, TimeSpan timeout);
}
