namespace IsrMiddleware;

/// <summary>
/// Tells every instance's memory tier what changed in the durable tier: a page stored or removed, an invalidation
/// recorded. The default feed reaches this process only; a shared store supplies one that reaches every instance.
/// </summary>
public interface IPageChangeFeed
{
    /// <summary>Announces a change this instance made to its listeners (and, for a shared feed, to other instances).</summary>
    ValueTask PublishAsync(PageChange change, CancellationToken cancellationToken);

    /// <summary>Registers a listener, called for every change announced; dispose the result to stop.</summary>
    IDisposable Subscribe(Action<PageChange> listener);
}
