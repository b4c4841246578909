namespace IsrMiddleware.Engine;

/// <summary>Start-up pre-rendering's progress, read by the readiness health check.</summary>
internal sealed class PrerenderState
{
    private int _done;

    public bool IsCompleted { get; private set; }

    public Exception? Error { get; private set; }

    public int Total { get; private set; }

    public int Done => Volatile.Read(ref _done);

    public void Start(int total) => Total = total;

    public int Advance() => Interlocked.Increment(ref _done);

    public void Complete() => IsCompleted = true;

    public void Fail(Exception error) => Error = error;
}
