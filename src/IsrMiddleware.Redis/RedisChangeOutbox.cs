namespace IsrMiddleware.Redis;

/// <summary>
/// Change messages whose publication failed, sent again once Redis takes them: an invalidation already recorded must
/// still reach the other instances, whose subscriptions are intact and would otherwise never re-read it. Bounded: past
/// <see cref="Capacity"/> the oldest are dropped (the others then learn of them only when they resynchronize).
/// </summary>
internal sealed class RedisChangeOutbox
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Queue<string> _messages = new();

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count == 0;
            }
        }
    }

    /// <summary>Keeps a message to send later; returns how many older ones were dropped to make room.</summary>
    public int Add(string message)
    {
        lock (_gate)
        {
            _messages.Enqueue(message);
            var dropped = 0;
            while (_messages.Count > Capacity)
            {
                _messages.Dequeue();
                dropped++;
            }

            return dropped;
        }
    }

    /// <summary>Sends the kept messages in order, each removed once sent; stops at the first failure (it throws).</summary>
    public async Task FlushAsync(Func<string, Task> publish)
    {
        for (var sent = 0; sent < Capacity && Peek() is { } message; sent++)
        {
            await publish(message).ConfigureAwait(false);
            lock (_gate)
            {
                // Unless Add dropped it to make room meanwhile (then the head is already another message).
                if (_messages.TryPeek(out var head) && ReferenceEquals(head, message))
                {
                    _messages.Dequeue();
                }
            }
        }
    }

    private string? Peek()
    {
        lock (_gate)
        {
            return _messages.TryPeek(out var message) ? message : null;
        }
    }
}
