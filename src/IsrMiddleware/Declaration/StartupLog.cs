using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Declaration;

internal static partial class StartupLog
{
    [LoggerMessage(600, LogLevel.Warning,
        "StaticParamsOptions.CanonicalOrigin is left at its default {Origin} in the {Environment} environment: every cached page links to it. " +
        "Set it to the site's public origin (options.CanonicalOrigin, or configuration bound to it).")]
    public static partial void DefaultCanonicalOrigin(ILogger logger, string environment, Uri origin);
}
