namespace IsrMiddleware.Store;

/// <summary>The default lease: always granted; single flight keeps renders of a key one at a time in this process.</summary>
internal sealed class InProcessRenderLease : IRenderLease
{
    private static readonly IAsyncDisposable Granted = new NoLease();

    public ValueTask<IAsyncDisposable?> TryAcquireAsync(string key, CancellationToken cancellationToken) => new(Granted);

    private sealed class NoLease : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
