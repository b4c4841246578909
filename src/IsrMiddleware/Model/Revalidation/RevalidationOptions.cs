namespace IsrMiddleware;

/// <summary>How one call to <see cref="IPageRevalidator.RevalidateAsync"/> treats the pages its targets reach.</summary>
public sealed class RevalidationOptions
{
    /// <summary>The longest confirmation timeout accepted, here and in <see cref="StaticParamsOptions.ConfirmationTimeout"/>.</summary>
    internal static readonly TimeSpan MaxConfirmationTimeout = TimeSpan.FromDays(1);

    /// <summary>Lazy (mark stale) or eager (render now and wait). Default: lazy.</summary>
    public RevalidationMode Mode { get; init; } = RevalidationMode.Lazy;

    /// <summary>
    /// Renders only pages already stored: an eager revalidation reports a declared or on-demand page that nobody has
    /// requested yet as <see cref="RevalidationOutcome.NotCached"/> instead of rendering it (for example a nightly sync
    /// of every product). Lazy revalidation never renders. Default: false.
    /// </summary>
    public bool OnlyStored { get; init; }

    /// <summary>
    /// Waits until every live instance sharing the store has applied the invalidations (they acknowledge), and lists in
    /// <see cref="RevalidationReport.Confirmation"/> the instances that did and those that lagged. With one instance it
    /// costs nothing. Default: false.
    /// </summary>
    public bool Confirm { get; init; }

    /// <summary>
    /// How long <see cref="Confirm"/> waits for acknowledgements; positive and at most a day (<see cref="IPageRevalidator.RevalidateAsync"/>
    /// throws <see cref="ArgumentOutOfRangeException"/> otherwise, before recording anything). Default:
    /// <see cref="StaticParamsOptions.ConfirmationTimeout"/>.
    /// </summary>
    public TimeSpan? ConfirmationTimeout { get; init; }
}
