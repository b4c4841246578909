namespace IsrMiddleware;

/// <summary>
/// Implemented by a page store that also keeps each page's traffic, so pre-rendering takes the busiest pages first
/// (after a new build, and with <see cref="StaticParamsOptions.PrerenderBusiestPages"/>). The disk store keeps the
/// counts with its pages; the Redis store shares them among the instances. A store without it counts every page 0.
/// </summary>
public interface IPageTraffic
{
    /// <summary>
    /// Counts a hit on a stored page (one hit in a sample of them). Called on the request path: it must neither wait on
    /// I/O nor throw.
    /// </summary>
    void CountHit(string key);

    /// <summary>A page's decayed hit count as last loaded; 0 for a page never counted. Called once per page while pre-rendering orders them.</summary>
    int HitsOf(string key);

    /// <summary>
    /// Loads the counts that <see cref="HitsOf"/> answers from, just before pre-rendering orders pages; a store that
    /// holds them in memory has nothing to do.
    /// </summary>
    ValueTask LoadHitsAsync(CancellationToken cancellationToken);
}
