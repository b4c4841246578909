namespace IsrMiddleware.Engine;

/// <summary>Start-up pre-rendering's progress, read by the readiness health check.</summary>
internal sealed class PrerenderState
{
    private readonly TaskCompletionSource _reconciled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _done;

    /// <summary>
    /// Completes once start-up has reconciled the store with the declared set (after a warm restart, this follows
    /// readiness), or stopped trying.
    /// </summary>
    public Task WhenReconciled => _reconciled.Task;

    public bool IsCompleted { get; private set; }

    public Exception? Error { get; private set; }

    public int Total { get; private set; }

    public int Done => Volatile.Read(ref _done);

    public void Start(int total) => Total = total;

    public int Advance() => Interlocked.Increment(ref _done);

    public void Complete() => IsCompleted = true;

    public void Reconciled() => _reconciled.TrySetResult();

    public void Fail(Exception error) => Error = error;
}
