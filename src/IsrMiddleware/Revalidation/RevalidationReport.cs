namespace IsrMiddleware;

/// <summary>The pages an on-demand revalidation reached and what happened to each.</summary>
public sealed class RevalidationReport
{
    internal RevalidationReport(RevalidationMode mode, IReadOnlyList<PageRevalidation> pages)
    {
        Mode = mode;
        Pages = pages;
    }

    /// <summary>Lazy or eager.</summary>
    public RevalidationMode Mode { get; }

    /// <summary>One entry per page reached.</summary>
    public IReadOnlyList<PageRevalidation> Pages { get; }
}
