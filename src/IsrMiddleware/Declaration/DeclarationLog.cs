using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Declaration;

internal static partial class DeclarationLog
{
    [LoggerMessage(610, LogLevel.Information, "Static route {Route}: {Count} pages declared so far")]
    public static partial void Enumerating(ILogger logger, string route, int count);
}
