using System.Collections.Concurrent;

namespace IsrMiddleware.Tests.Edge;

/// <summary>An edge invalidator that keeps every call; each attempt can be made to fail or to wait.</summary>
public sealed class RecordingInvalidator : IEdgeInvalidator
{
    private int _attempts;
    private int _running;
    private int _maxRunning;

    public ConcurrentQueue<EdgeInvalidation> Calls { get; } = new();

    /// <summary>Called with the attempt number (from 1); its task is the call's outcome.</summary>
    public Func<int, CancellationToken, Task>? Behaviour { get; set; }

    public int Attempts => Volatile.Read(ref _attempts);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public int Running => Volatile.Read(ref _running);

    public IEnumerable<string> AllKeys => Calls.SelectMany(call => call.SurrogateKeys);

    public async Task InvalidateAsync(EdgeInvalidation invalidation, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            Calls.Enqueue(invalidation);
            if (Behaviour is { } behaviour)
            {
                await behaviour(attempt, cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
