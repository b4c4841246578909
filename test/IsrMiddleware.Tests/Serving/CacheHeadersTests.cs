using IsrMiddleware.Declaration;

namespace IsrMiddleware.Tests.Serving;

public sealed class CacheHeadersTests
{
    private static readonly TimeSpan OneYear = TimeSpan.FromDays(365);

    [Fact]
    public void Page_that_is_never_stale_is_cached_by_shared_caches_for_a_year()
    {
        Assert.Equal("s-maxage=31536000", RouteCacheControl.CacheControlFor(revalidate: null, OneYear));
    }

    [Fact]
    public void Revalidated_page_may_be_served_stale_until_it_expires()
    {
        Assert.Equal("s-maxage=60, stale-while-revalidate=31535940", RouteCacheControl.CacheControlFor(TimeSpan.FromSeconds(60), OneYear));
    }

    [Fact]
    public void Default_expire_of_the_options_is_one_year()
    {
        Assert.Equal(
            "s-maxage=60, stale-while-revalidate=31535940",
            RouteCacheControl.CacheControlFor(TimeSpan.FromSeconds(60), new StaticParamsOptions().Expire));
    }

    [Fact]
    public void Revalidate_period_as_long_as_expire_leaves_no_stale_window()
    {
        Assert.Equal("s-maxage=31536000", RouteCacheControl.CacheControlFor(OneYear, OneYear));
    }
}
