using System.Collections.Concurrent;

namespace IsrMiddleware.Redis;

/// <summary>
/// Change messages whose publication failed, sent again once Redis takes them: an invalidation already recorded must
/// still reach the other instances, whose subscriptions are intact and would otherwise never re-read it. Bounded: past
/// <see cref="Capacity"/> the oldest are dropped (the others then learn of them only when they resynchronize).
/// </summary>
internal sealed class RedisChangeOutbox
{
    public const int Capacity = 10_000;

    private readonly ConcurrentQueue<string> _messages = new();

    public bool IsEmpty => _messages.IsEmpty;

    /// <summary>Keeps a message to send later; returns how many older ones were dropped to make room.</summary>
    public int Add(string message)
    {
        _messages.Enqueue(message);
        var dropped = 0;
        while (_messages.Count > Capacity && _messages.TryDequeue(out _))
        {
            dropped++;
        }

        return dropped;
    }

    /// <summary>Sends the kept messages in order, each removed once sent; stops at the first failure (it throws).</summary>
    public async Task FlushAsync(Func<string, Task> publish)
    {
        for (var sent = 0; sent < Capacity && _messages.TryPeek(out var message); sent++)
        {
            await publish(message).ConfigureAwait(false);
            _messages.TryDequeue(out _);
        }
    }
}
