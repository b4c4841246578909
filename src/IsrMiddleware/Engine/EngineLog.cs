using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Engine;

internal static partial class EngineLog
{
    [LoggerMessage(520, LogLevel.Warning,
        "Render of unknown params refused for {Client} ({Limit}); answered 503 with Retry-After; {Suppressed} similar refusals not logged since the last line")]
    public static partial void OnDemandRenderRefused(ILogger logger, string client, string limit, int suppressed);
}
