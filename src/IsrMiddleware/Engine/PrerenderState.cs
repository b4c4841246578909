namespace IsrMiddleware.Engine;

/// <summary>Start-up pre-rendering's progress, read by the readiness health check.</summary>
internal sealed class PrerenderState
{
    private readonly TaskCompletionSource _reconciled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _done;

    /// <summary>
    /// Completes once start-up's background work (reconciling the store with the declared set, then the freshness
    /// pass) has ended; after a warm restart, this follows readiness.
    /// </summary>
    public Task WhenSettled => _reconciled.Task;

    public bool IsCompleted { get; private set; }

    public Exception? Error { get; private set; }

    public int Total { get; private set; }

    public int Done => Volatile.Read(ref _done);

    public void Start(int total) => Total = total;

    public int Advance() => Interlocked.Increment(ref _done);

    public void Complete() => IsCompleted = true;

    public void Settled() => _reconciled.TrySetResult();

    public void Fail(Exception error) => Error = error;
}
