using System.Text;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Storage;

public sealed class VerifiedPageFilesTests
{
    private static StoredPage Version(long version, string body) => new()
    {
        Key = "/blog/a",
        ContentType = "text/html",
        Body = Encoding.UTF8.GetBytes(body),
        ETag = $"\"etag-{version}\"",
        Version = version,
        BuildId = "b",
        Route = "/blog/{slug}",
    };

    [Fact]
    public void An_older_file_of_the_same_length_is_not_taken_for_the_version_remembered()
    {
        var older = Version(5, "old!");
        var newer = Version(6, "new!");
        var olderFile = PageFileFormat.Serialize(older);
        var newerFile = PageFileFormat.Serialize(newer);
        Assert.Equal(olderFile.Length, newerFile.Length);
        var verified = new VerifiedPageFiles();

        verified.Remember(newer, newerFile, "/cache/pages/ab/newer.page");

        Assert.Null(verified.TryRebuild("/blog/a", olderFile));
        Assert.Equal("new!", Encoding.UTF8.GetString(verified.TryRebuild("/blog/a", newerFile)!.Body.Span));
    }
}
