using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Store;

/// <summary>The default change feed: listeners in this process, called synchronously in order of subscription.</summary>
internal sealed class InProcessPageChangeFeed(ILogger<InProcessPageChangeFeed> logger) : IPageChangeFeed
{
    private readonly object _gate = new();
    private Action<PageChange>[] _listeners = [];

    public ValueTask PublishAsync(PageChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                listener(change);
            }
            catch (Exception ex)
            {
                StorageLog.ChangeListenerFailed(logger, change.Kind, change.Key, ex);
            }
        }

        return ValueTask.CompletedTask;
    }

    public IDisposable Subscribe(Action<PageChange> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    private void Unsubscribe(Action<PageChange> listener)
    {
        lock (_gate)
        {
            _listeners = _listeners.Where(known => known != listener).ToArray();
        }
    }

    private sealed class Subscription(InProcessPageChangeFeed feed, Action<PageChange> listener) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(listener);
    }
}
