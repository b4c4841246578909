namespace IsrMiddleware;

/// <summary>
/// Confirms that every live instance sharing the store has applied invalidations, for a revalidation that asks for it
/// (<see cref="RevalidationOptions.Confirm"/>). The default has only this instance to ask and confirms at once; a
/// shared store supplies one that asks every instance and waits for their acknowledgements.
/// </summary>
public interface IInvalidationConfirmer
{
    /// <summary>
    /// Waits until every live instance has applied <paramref name="invalidations"/> (already recorded and announced by
    /// this instance), or until <paramref name="timeout"/> has passed; reports which instances applied them and which
    /// lagged. It does not throw when instances lag.
    /// </summary>
    Task<RevalidationConfirmation> ConfirmAsync(IReadOnlyList<Invalidation> invalidations, TimeSpan timeout, CancellationToken cancellationToken);
}
