using IsrMiddleware.Model;

namespace IsrMiddleware.Tests.Serving;

public sealed class AcceptEncodingTests
{
    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip;q=0.5", "gzip")]
    [InlineData("br;q=0.0, gzip;q=0", "identity")]
    [InlineData("BR", "br")]
    [InlineData("*", "br")]
    [InlineData("identity", "identity")]
    [InlineData("", "identity")]
    [InlineData("br;q=0.01", "br")]
    public void Brotli_is_preferred_then_gzip_and_q_zero_refuses(string header, string expected)
    {
        Assert.Equal(expected, Name(AcceptEncoding.Choose(header, hasBrotli: true, hasGzip: true)));
    }

    [Theory]
    [InlineData("br;q=0, *", "gzip")]
    [InlineData("*, br;q=0", "gzip")]
    [InlineData("gzip;q=0, *", "br")]
    [InlineData("br;q=0, gzip;q=0, *", "identity")]
    [InlineData("*;q=0", "identity")]
    [InlineData("x-gzip", "gzip")]
    [InlineData("X-GZIP;q=0.5", "gzip")]
    [InlineData("x-gzip;q=0, *", "br")]
    [InlineData("gzip, x-gzip;q=0, br;q=0", "identity")]
    [InlineData("gzip;q=1, br;q=0.5", "gzip")]
    [InlineData("gzip;q=0.8, *;q=0.9", "br")]
    [InlineData("br;q=0.5, gzip;q=0.5", "br")]
    [InlineData("br; q=0.000, gzip", "gzip")]
    [InlineData("br;q=bogus, gzip", "gzip")]
    [InlineData("br;q=1.0", "br")]
    public void Explicit_q_zero_always_wins_and_x_gzip_is_gzip(string header, string expected)
    {
        Assert.Equal(expected, Name(AcceptEncoding.Choose(header, hasBrotli: true, hasGzip: true)));
    }

    [Fact]
    public void Several_header_lines_are_read_as_one_list()
    {
        Assert.Equal(PageEncoding.Gzip, AcceptEncoding.Choose(new Microsoft.Extensions.Primitives.StringValues(["*", "br;q=0"]), hasBrotli: true, hasGzip: true));
    }

    [Fact]
    public void A_variant_that_was_not_stored_is_never_chosen()
    {
        Assert.Equal(PageEncoding.Gzip, AcceptEncoding.Choose("br, gzip", hasBrotli: false, hasGzip: true));
        Assert.Equal(PageEncoding.Identity, AcceptEncoding.Choose("br", hasBrotli: false, hasGzip: true));
    }

    [Theory]
    [InlineData("gzip, deflate, br, zstd")]
    [InlineData("gzip;q=1, br;q=0.5")]
    [InlineData("br;q=0, *")]
    [InlineData("gzip;q=0, *")]
    [InlineData("gzip;q=0.8, *;q=0.9")]
    [InlineData("x-gzip;q=0.5")]
    [InlineData("br")]
    [InlineData("identity")]
    [InlineData("")]
    public void A_store_trying_the_preference_in_order_picks_what_the_writer_would(string header)
    {
        // A store that reads one representation tries the acceptable variants in this order, then the body.
        var accepted = new AcceptedEncodings(header);
        var (first, second) = accepted.Preference();
        foreach (var (hasBrotli, hasGzip) in new[] { (true, true), (true, false), (false, true), (false, false) })
        {
            var tried = new[] { first, second }.FirstOrDefault(
                encoding => (encoding == PageEncoding.Brotli && hasBrotli) || (encoding == PageEncoding.Gzip && hasGzip), PageEncoding.Identity);
            Assert.Equal(accepted.Choose(hasBrotli, hasGzip), tried);
        }
    }

    private static string Name(PageEncoding coding) => coding switch
    {
        PageEncoding.Brotli => "br",
        PageEncoding.Gzip => "gzip",
        _ => "identity",
    };
}
