namespace IsrMiddleware.Model;

/// <summary>The response headers the middleware writes, with the values of the HTTP contract (docs/http-contract.md).</summary>
internal static class CacheHeaders
{
    public const string CacheStatus = "X-Isr-Cache";
    public const string Hit = "HIT";
    public const string Stale = "STALE";
    public const string Miss = "MISS";
    public const string Fallback = "FALLBACK";

    public const string NoStore = "private, no-cache, no-store, max-age=0, must-revalidate";

    /// <summary>The <c>Age</c> of a stored page in whole seconds (RFC 9111 section 5.1), never negative.</summary>
    public static string AgeOf(TimeSpan age) =>
        age <= TimeSpan.Zero ? "0" : ((long)age.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
