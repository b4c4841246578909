namespace IsrMiddleware.Serving;

/// <summary>The response headers the middleware writes, with the values of DESIGN's HTTP contract.</summary>
internal static class CacheHeaders
{
    public const string CacheStatus = "X-Isr-Cache";
    public const string Hit = "HIT";
    public const string Stale = "STALE";
    public const string Miss = "MISS";
    public const string Fallback = "FALLBACK";

    public const string NoStore = "private, no-cache, no-store, max-age=0, must-revalidate";

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
}
