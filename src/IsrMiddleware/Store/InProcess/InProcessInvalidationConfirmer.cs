namespace IsrMiddleware.Store;

/// <summary>
/// The default confirmer: this instance is the only one, and it applied the invalidations when it recorded them
/// (the in-process change feed calls its listeners before the call returns).
/// </summary>
internal sealed class InProcessInvalidationConfirmer : IInvalidationConfirmer
{
    private static readonly string[] ThisInstance = [Environment.MachineName];

    public Task<RevalidationConfirmation> ConfirmAsync(IReadOnlyList<Invalidation> invalidations, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invalidations);
        return Task.FromResult(new RevalidationConfirmation(ThisInstance, []));
    }
}
