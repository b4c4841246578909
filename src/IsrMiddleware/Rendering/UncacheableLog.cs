using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Rendering;

internal static partial class UncacheableLog
{
    [LoggerMessage(500, LogLevel.Warning,
        "Page {Key} is not cacheable: {Why}. Its requests run the endpoint directly, uncached, for {Lifetime} before it is tried again; this is logged once per page.")]
    public static partial void Uncacheable(ILogger logger, string key, string why, TimeSpan lifetime);
}
