using System.Collections.Concurrent;

namespace IsrMiddleware.Engine;

/// <summary>Runs at most one piece of work per key at a time; callers that arrive meanwhile share its task.</summary>
internal sealed class SingleFlight<TResult>
{
    private readonly ConcurrentDictionary<string, Task<TResult>> _inFlight = new(StringComparer.Ordinal);

    public int Count => _inFlight.Count;

    public Task<TResult> RunAsync(string key, Func<Task<TResult>> work) => RunAsync(key, work, out _);

    /// <summary>Joins the running work for the key, or starts it; <paramref name="started"/> tells which.</summary>
    public Task<TResult> RunAsync(string key, Func<Task<TResult>> work, out bool started)
    {
        started = false;
        if (_inFlight.TryGetValue(key, out var running))
        {
            return running;
        }

        var completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        running = _inFlight.GetOrAdd(key, completion.Task);
        if (running != completion.Task)
        {
            return running;
        }

        started = true;
        _ = RunCoreAsync(key, work, completion);
        return completion.Task;
    }

    /// <summary>Whether work for the key is running.</summary>
    public bool IsRunning(string key) => _inFlight.ContainsKey(key);

    private async Task RunCoreAsync(string key, Func<Task<TResult>> work, TaskCompletionSource<TResult> completion)
    {
        // The key is released before the task completes, so a caller that has seen the result and asks again
        // starts new work instead of getting the finished task back.
        try
        {
            var result = await work().ConfigureAwait(false);
            Release(key, completion);
            completion.TrySetResult(result);
        }
        catch (OperationCanceledException ex)
        {
            Release(key, completion);
            completion.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            Release(key, completion);
            completion.TrySetException(ex);
        }
    }

    private void Release(string key, TaskCompletionSource<TResult> completion) =>
        _inFlight.TryRemove(KeyValuePair.Create(key, completion.Task));
}
