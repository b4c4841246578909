using IsrMiddleware.Export;

namespace IsrMiddleware.Tests.Export;

public sealed class ExportPathsTests
{
    [Theory]
    [InlineData("/", true, false, "index.html")]
    [InlineData("/blog/hello-world", true, false, "blog/hello-world/index.html")]
    [InlineData("/blog/hello-world", true, true, "blog/hello-world.html")]
    [InlineData("/blog/", true, true, "blog/index.html")]
    [InlineData("/about.html", true, false, "about.html")]
    [InlineData("/docs/guides/deploy/docker", true, false, "docs/guides/deploy/docker/index.html")]
    [InlineData("/feed.xml", false, false, "feed.xml")]
    [InlineData("/api/data", false, true, "api/data")]
    [InlineData("/caf%C3%A9/a%20b", true, false, "café/a b/index.html")]
    public void Readable_paths(string key, bool isHtml, bool htmlExtension, string expected)
    {
        Assert.Null(ExportPaths.TryMap(key, isHtml, htmlExtension, out var path));
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("/files/..")]
    [InlineData("/docs/../../etc/passwd")]
    [InlineData("/a/./b")]
    [InlineData("/a//b")]
    [InlineData("/files/%2E%2E")]
    [InlineData("/files/a%2Fb")]
    [InlineData("/files/..%2F..%2Fescape")]
    [InlineData("/files/a%5Cb")]
    [InlineData("/files/a%00b")]
    [InlineData("/files/a%0Ab")]
    public void Keys_that_cannot_be_a_safe_relative_path_are_refused(string key)
    {
        Assert.NotNull(ExportPaths.TryMap(key, isHtml: true, htmlExtension: false, out _));
        Assert.NotNull(ExportPaths.TryMap(key, isHtml: false, htmlExtension: false, out _));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/data/")]
    public void A_page_that_is_not_html_needs_a_file_name(string key) =>
        Assert.NotNull(ExportPaths.TryMap(key, isHtml: false, htmlExtension: false, out _));

    [Theory]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData("application/xhtml+xml", true)]
    [InlineData("text/plain", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Html_is_told_by_content_type(string? contentType, bool expected) => Assert.Equal(expected, ExportPaths.IsHtml(contentType));

    [Fact]
    public void The_folder_refuses_a_path_outside_it()
    {
        var folder = new ExportFolder(Path.Combine(Path.GetTempPath(), "isr-export-folder-test"));

        Assert.Null(folder.Resolve("../x"));
        Assert.Null(folder.Resolve("a/../../x"));
        Assert.Null(folder.Resolve(""));
        Assert.Equal(Path.Combine(folder.Root, "a", "b.html"), folder.Resolve("a/b.html"));
    }
}
