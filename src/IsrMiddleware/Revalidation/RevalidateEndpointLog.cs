using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Revalidation;

internal static partial class RevalidateEndpointLog
{
    [LoggerMessage(404, LogLevel.Warning, "Revalidation endpoint refused a request from {RemoteAddress}: {Why}")]
    public static partial void EndpointRefused(ILogger logger, string? remoteAddress, string why);

    [LoggerMessage(405, LogLevel.Warning, "Revalidation endpoint answered 503 for {TargetCount} targets: the page store is unavailable; the caller should retry")]
    public static partial void StoreUnavailable(ILogger logger, int targetCount, Exception exception);
}
