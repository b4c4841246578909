namespace IsrMiddleware;

/// <summary>
/// Tells a CDN or a reverse proxy that pages changed. Called from a background queue after every on-demand
/// revalidation and every page replaced or removed, with batches of what changed; never on a request's path.
/// Register with <c>AddEdgeInvalidator&lt;T&gt;()</c> on the builder <c>AddStaticParams</c> returns.
/// </summary>
public interface IEdgeInvalidator
{
    /// <summary>
    /// Purges what the batch names. Throw on failure: the call is retried with backoff (<see cref="EdgeOptions.Retry"/>),
    /// then logged and counted.
    /// </summary>
    /// <param name="invalidation">The surrogate keys and paths that changed.</param>
    /// <param name="cancellationToken">Cancelled on shutdown or past <see cref="EdgeOptions.CallTimeout"/>.</param>
    Task InvalidateAsync(EdgeInvalidation invalidation, CancellationToken cancellationToken);
}
