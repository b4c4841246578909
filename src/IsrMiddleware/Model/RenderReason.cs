namespace IsrMiddleware.Model;

/// <summary>Why a page was rendered; tags logs and metrics.</summary>
internal enum RenderReason
{
    Prerender,
    Blocking,
    Fallback,
    FallbackShell,
    Revalidate,
    OnDemand,
    Export,
}
