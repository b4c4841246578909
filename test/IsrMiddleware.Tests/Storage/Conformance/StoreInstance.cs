namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>
/// One instance's view of a store under test: the store and the companions registered with it. Several instances
/// opened by one test share the store's state, as several app instances (or one app restarted) share a durable store.
/// </summary>
/// <param name="Store">The durable tier.</param>
/// <param name="Feed">The change feed registered with it.</param>
/// <param name="Lease">The render lease registered with it.</param>
/// <param name="Confirmer">The invalidation confirmer registered with it.</param>
/// <param name="Name">A name for this instance (unique within a test).</param>
/// <param name="Resources">What closing the instance disposes, last opened first (connections, file handles).</param>
public sealed record StoreInstance(
    IPageStore Store,
    IPageChangeFeed Feed,
    IRenderLease Lease,
    IInvalidationConfirmer Confirmer,
    string Name,
    IReadOnlyList<object> Resources) : IAsyncDisposable
{
    private int _closed;

    /// <summary>Disposes <see cref="Resources"/> once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        foreach (var resource in Resources.Reverse())
        {
            switch (resource)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
