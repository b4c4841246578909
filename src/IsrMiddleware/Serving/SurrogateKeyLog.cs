using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Serving;

internal static partial class SurrogateKeyLog
{
    [LoggerMessage(800, LogLevel.Warning,
        "Page {Key} has more surrogate keys than fit in {MaxLength} characters: {Left} tags left out of its surrogate-key headers; purging those tags will not reach it at the edge (raise Edge.MaxSurrogateKeyHeaderLength or use fewer tags)")]
    public static partial void SurrogateKeysCapped(ILogger logger, string key, int left, int maxLength);
}
