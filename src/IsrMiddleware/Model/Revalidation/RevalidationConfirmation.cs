namespace IsrMiddleware;

/// <summary>Which live instances applied a revalidation's invalidations before it returned, and which lagged.</summary>
public sealed class RevalidationConfirmation
{
    /// <summary>Creates a confirmation from the instances that acknowledged and those that did not in time.</summary>
    public RevalidationConfirmation(IReadOnlyList<string> applied, IReadOnlyList<string> lagged)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(lagged);
        Applied = applied;
        Lagged = lagged;
    }

    /// <summary>The instances (this one included) that no longer serve what the invalidations concern as fresh.</summary>
    public IReadOnlyList<string> Applied { get; }

    /// <summary>The live instances that had not acknowledged when the confirmation timed out.</summary>
    public IReadOnlyList<string> Lagged { get; }

    /// <summary>Whether every live instance applied the invalidations.</summary>
    public bool Complete => Lagged.Count == 0;
}
