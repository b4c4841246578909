using IsrMiddleware.Edge;

namespace IsrMiddleware.Tests.Edge;

public sealed class VarnishInvalidatorTests
{
    [Fact]
    public void Many_keys_are_split_over_purge_headers_under_the_limit_and_none_is_lost()
    {
        var keys = Enumerable.Range(0, 300).Select(i => $"key-{i:D3}-" + new string('x', 100)).ToArray();

        var headers = VarnishInvalidator.Join(keys).ToArray();

        Assert.True(headers.Length > 1);
        Assert.All(headers, header => Assert.InRange(header.Length, 1, VarnishInvalidator.MaxHeaderLength));
        Assert.Equal(keys, headers.SelectMany(header => header.Split(' ')));
    }

    [Fact]
    public void A_few_keys_go_in_one_header() =>
        Assert.Equal(["posts path:0123456789abcdef"], VarnishInvalidator.Join(["posts", "path:0123456789abcdef"]));
}
