namespace IsrMiddleware.Redis;

/// <summary>The instances one confirmed revalidation waits for, and those that acknowledged so far.</summary>
internal sealed class PendingConfirmation(IReadOnlyList<string> expected)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _acknowledged = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task AllAcknowledged => _all.Task;

    /// <summary>Counts an acknowledgement of an expected instance; one not expected (started meanwhile) is ignored.</summary>
    public void Acknowledged(string instance)
    {
        lock (_gate)
        {
            if (expected.Contains(instance, StringComparer.Ordinal) && _acknowledged.Add(instance) && _acknowledged.Count == expected.Count)
            {
                _all.TrySetResult();
            }
        }
    }

    public (IReadOnlyList<string> Applied, IReadOnlyList<string> Lagged) Snapshot()
    {
        lock (_gate)
        {
            return ([.. expected.Where(_acknowledged.Contains)], [.. expected.Where(name => !_acknowledged.Contains(name))]);
        }
    }
}
