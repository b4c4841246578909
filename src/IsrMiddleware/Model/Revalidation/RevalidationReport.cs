namespace IsrMiddleware;

/// <summary>The pages an on-demand revalidation reached and what happened to each.</summary>
public sealed class RevalidationReport
{
    internal RevalidationReport(RevalidationMode mode, IReadOnlyList<PageRevalidation> pages, IReadOnlyList<TargetRevalidation> targets, RevalidationConfirmation? confirmation)
    {
        Mode = mode;
        Pages = pages;
        Targets = targets;
        Confirmation = confirmation;
    }

    /// <summary>Lazy or eager.</summary>
    public RevalidationMode Mode { get; }

    /// <summary>One entry per page reached, each page once, in the order the targets reached them.</summary>
    public IReadOnlyList<PageRevalidation> Pages { get; }

    /// <summary>One entry per target, in the order given, each with the pages it reached.</summary>
    public IReadOnlyList<TargetRevalidation> Targets { get; }

    /// <summary>The instances that applied the invalidations and those that lagged, when <see cref="RevalidationOptions.Confirm"/> asked; otherwise null.</summary>
    public RevalidationConfirmation? Confirmation { get; }
}
