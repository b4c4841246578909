namespace IsrMiddleware.Tests.Edge;

public sealed class SurrogateKeysTests
{
    [Fact]
    public void A_path_key_is_a_stable_short_hash()
    {
        var key = SurrogateKeys.ForPath("/blog/hello-world");

        Assert.Matches("^path:[0-9a-f]{16}$", key);
        Assert.Equal(key, SurrogateKeys.ForPath("/blog/hello-world"));
        Assert.NotEqual(key, SurrogateKeys.ForPath("/blog/hello-world/"));
    }

    [Theory]
    [InlineData("posts", "posts")]
    [InlineData("category:tools", "category:tools")]
    [InlineData("product:42", "product:42")]
    public void A_header_safe_tag_is_its_own_key(string tag, string expected) => Assert.Equal(expected, SurrogateKeys.ForTag(tag));

    [Theory]
    [InlineData("two words")]
    [InlineData("a,b")]
    [InlineData("quote\"d")]
    [InlineData("caf\u00e9")]
    [InlineData("path:0123456789abcdef")]
    [InlineData("tag:x")]
    [InlineData("")]
    public void Any_other_tag_is_hashed_into_a_safe_key(string tag)
    {
        var key = SurrogateKeys.ForTag(tag);

        Assert.Matches("^tag:[0-9a-f]{16}$", key);
        Assert.Equal(key, SurrogateKeys.ForTag(tag));
    }

    [Fact]
    public void A_tag_longer_than_the_limit_is_hashed() =>
        Assert.StartsWith("tag:", SurrogateKeys.ForTag(new string('x', SurrogateKeys.MaxTagLength + 1)), StringComparison.Ordinal);
}
