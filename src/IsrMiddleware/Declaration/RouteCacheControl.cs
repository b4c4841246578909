namespace IsrMiddleware.Declaration;

/// <summary>The <c>Cache-Control</c> values of a static route's pages, computed once per route.</summary>
internal static class RouteCacheControl
{
    private const long OneYearSeconds = 31_536_000;

    /// <summary>Next.js's <c>Cache-Control</c> for a page: <c>s-maxage=N, stale-while-revalidate=E-N</c>, or a year when never stale.</summary>
    public static string CacheControlFor(TimeSpan? revalidate, TimeSpan expire)
    {
        if (revalidate is not { } period)
        {
            return $"s-maxage={OneYearSeconds}";
        }

        var seconds = Math.Max(1, (long)Math.Ceiling(period.TotalSeconds));
        var staleWindow = (long)expire.TotalSeconds - seconds;
        return staleWindow > 0 ? $"s-maxage={seconds}, stale-while-revalidate={staleWindow}" : $"s-maxage={seconds}";
    }

    /// <summary>
    /// The <c>Cache-Control</c> of a page answered <c>STALE</c>: <c>s-maxage=0</c>, so a shared cache never stores it as
    /// fresh (nginx ignores <c>Age</c> and would otherwise keep a stale page for another full period), with the same
    /// stale window, so a cache that honours <c>stale-while-revalidate</c> may still answer with it while it asks again.
    /// </summary>
    public static string StaleCacheControlFor(TimeSpan? revalidate, TimeSpan expire)
    {
        var seconds = revalidate is { } period ? Math.Max(1, (long)Math.Ceiling(period.TotalSeconds)) : 0;
        var staleWindow = (long)expire.TotalSeconds - seconds;
        return staleWindow > 0 ? $"s-maxage=0, stale-while-revalidate={staleWindow}" : "s-maxage=0";
    }
}
