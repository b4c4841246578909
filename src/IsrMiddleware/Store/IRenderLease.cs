namespace IsrMiddleware;

/// <summary>
/// Lets one instance at a time render a page. The default grants every request (single flight already holds within
/// a process); a shared store supplies one that holds across instances. An instance refused a lease waits for the
/// holder's version to be announced on the change feed, and renders itself only once the lease lapsed.
/// </summary>
public interface IRenderLease
{
    /// <summary>
    /// Takes the lease to render <paramref name="key"/>: a handle to dispose when the render's outcome is stored, or
    /// <see langword="null"/> while another holder has it. An implementation that cannot tell grants it.
    /// </summary>
    ValueTask<IAsyncDisposable?> TryAcquireAsync(string key, CancellationToken cancellationToken);
}
