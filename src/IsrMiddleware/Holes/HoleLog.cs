using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Holes;

internal static partial class HoleLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Hole '{Hole}' of {Key} failed ({Suppressed} more hole failures since the last report); its fallback was shown.")]
    public static partial void Failed(ILogger logger, string hole, string key, int suppressed, Exception exception);

    [LoggerMessage(1101, LogLevel.Warning, "Hole '{Hole}' of {Key} took longer than {Timeout} ({Suppressed} more hole failures since the last report); its fallback was shown.")]
    public static partial void TimedOut(ILogger logger, string hole, string key, TimeSpan timeout, int suppressed);
}
