using IsrMiddleware.Store;
namespace IsrMiddleware.Diagnostics;

/// <summary>
/// Lets a recurring line through at most once per interval for each client, counting the ones held back. It remembers
/// at most <c>capacity</c> clients: once full, lapsed entries are dropped, and clients that still find no room share
/// one entry, so a flood from many addresses costs bounded memory and bounded log lines.
/// </summary>
internal sealed class ClientLogThrottle(TimeProvider time, TimeSpan interval, int capacity)
{
    /// <summary>The entry shared by the clients that find no room.</summary>
    public const string Others = "other clients";

    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _clients = new(StringComparer.Ordinal);

    /// <summary>How many clients are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>
    /// Whether to log now for <paramref name="client"/>; <paramref name="logged"/> is the name to log under (the client,
    /// or <see cref="Others"/>) and <paramref name="suppressed"/> how many were held back since its last line.
    /// </summary>
    public bool ShouldLog(string client, out string logged, out int suppressed)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            logged = client;
            if (!_clients.TryGetValue(client, out var entry))
            {
                if (_clients.Count >= capacity)
                {
                    Prune(now);
                }

                if (_clients.Count >= capacity - 1 && client != Others)
                {
                    logged = Others;
                    _clients.TryGetValue(Others, out entry);
                }
            }

            if (entry is not null && now < entry.Next)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = entry?.Suppressed ?? 0;
            _clients[logged] = new Entry { Next = now + interval };
            return true;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (client, entry) in _clients)
        {
            // An expired entry goes whatever it held back: keeping those let a flood of addresses fill the table for good.
            if (now >= entry.Next)
            {
                _clients.Remove(client);
            }
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset Next { get; init; }

        public int Suppressed { get; set; }
    }
}
