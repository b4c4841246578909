namespace IsrMiddleware.Model;

/// <summary>How a request for a page was answered, as the status page counts it.</summary>
internal enum ServeOutcome
{
    Hit,
    Stale,
    Miss,
    Fallback,
}
