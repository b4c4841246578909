namespace IsrMiddleware;

/// <summary>
/// What a static route does for params that were not pre-rendered
/// (Next.js's <c>fallback</c> / <c>dynamicParams</c>).
/// </summary>
public enum UnknownParams
{
    /// <summary>Answer 404 without running the endpoint (<c>fallback: false</c>).</summary>
    NotFound = 0,

    /// <summary>
    /// Answer at once with the route's fallback shell, render the page in the background and let the
    /// browser reload it (<c>fallback: true</c>). Crawlers get <see cref="Blocking"/> instead.
    /// </summary>
    Fallback = 1,

    /// <summary>Render the page, store it, then answer (<c>fallback: 'blocking'</c>).</summary>
    Blocking = 2,
}
