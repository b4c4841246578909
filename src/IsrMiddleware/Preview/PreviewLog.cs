using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Preview;

internal static partial class PreviewLog
{
    [LoggerMessage(850, LogLevel.Information, "Preview entered from {RemoteAddress} for {Path}, valid until {Expires:O}")]
    public static partial void Entered(ILogger logger, string? remoteAddress, string path, DateTimeOffset expires);

    [LoggerMessage(851, LogLevel.Warning, "Preview endpoint refused a request from {RemoteAddress}: {Why}")]
    public static partial void Refused(ILogger logger, string? remoteAddress, string why);
}
