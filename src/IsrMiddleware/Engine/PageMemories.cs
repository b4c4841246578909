using IsrMiddleware.Rendering;

namespace IsrMiddleware.Engine;

/// <summary>
/// What the engine remembers of pages beyond the stored ones, each for a while: params that rendered 404, pages whose
/// response may not be cached, and pages whose regeneration keeps failing (backoff).
/// </summary>
internal sealed class PageMemories(NotFoundMarkers notFound, UncacheablePages uncacheable, FailureBackoff backoff)
{
    public NotFoundMarkers NotFound => notFound;

    public UncacheablePages Uncacheable => uncacheable;

    public FailureBackoff Backoff => backoff;
}
