using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Access;

internal static partial class SecretGuardLog
{
    [LoggerMessage(860, LogLevel.Warning, "{Door} refused {Client}: {Why} ({Suppressed} more refusals of this client since its last line)")]
    public static partial void Refused(ILogger logger, string door, string client, string why, int suppressed);
}
