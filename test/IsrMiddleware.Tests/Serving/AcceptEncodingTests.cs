using IsrMiddleware.Serving;

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

    [Fact]
    public void A_variant_that_was_not_stored_is_never_chosen()
    {
        Assert.Equal(ContentCoding.Gzip, AcceptEncoding.Choose("br, gzip", hasBrotli: false, hasGzip: true));
        Assert.Equal(ContentCoding.Identity, AcceptEncoding.Choose("br", hasBrotli: false, hasGzip: true));
    }

    private static string Name(ContentCoding coding) => coding switch
    {
        ContentCoding.Brotli => "br",
        ContentCoding.Gzip => "gzip",
        _ => "identity",
    };
}
