using Microsoft.Extensions.Primitives;
using IsrMiddleware.Serving;

namespace IsrMiddleware.Tests.Serving;

public sealed class PageResponseWriterTests
{
    private const string ETag = "\"v1-abc\"";

    [Fact]
    public void Exact_strong_tag_is_not_modified()
    {
        Assert.True(PageResponseWriter.IsNotModified(new StringValues(ETag), ETag));
    }

    [Fact]
    public void Weak_form_of_the_tag_is_not_modified()
    {
        Assert.True(PageResponseWriter.IsNotModified(new StringValues("W/\"v1-abc\""), ETag));
    }

    [Theory]
    [InlineData("\"other\", \"v1-abc\"")]
    [InlineData("\"v1-abc\",\"other\"")]
    [InlineData("\"a\", W/\"v1-abc\", \"b\"")]
    public void Tag_anywhere_in_a_list_is_not_modified(string header)
    {
        Assert.True(PageResponseWriter.IsNotModified(new StringValues(header), ETag));
    }

    [Fact]
    public void Tag_in_a_second_header_value_is_not_modified()
    {
        Assert.True(PageResponseWriter.IsNotModified(new StringValues(["\"other\"", ETag]), ETag));
    }

    [Fact]
    public void Star_matches_any_tag()
    {
        Assert.True(PageResponseWriter.IsNotModified(new StringValues("*"), ETag));
    }

    [Theory]
    [InlineData("\"v1-abd\"")]
    [InlineData("\"other\", W/\"v2\"")]
    [InlineData("v1-abc")]
    [InlineData("\"V1-ABC\"")]
    [InlineData("\"v1-abc\"x")]
    public void Other_tags_are_modified(string header)
    {
        Assert.False(PageResponseWriter.IsNotModified(new StringValues(header), ETag));
    }

    [Fact]
    public void Missing_or_empty_header_is_modified()
    {
        Assert.False(PageResponseWriter.IsNotModified(StringValues.Empty, ETag));
        Assert.False(PageResponseWriter.IsNotModified(new StringValues(string.Empty), ETag));
        Assert.False(PageResponseWriter.IsNotModified(new StringValues(" , "), ETag));
    }
}
