using System.Text;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>Pages: get, set unless newer, remove up to a version, metadata, the tag index, all metadata.</summary>
public abstract partial class PageStoreConformanceTests
{
    [Fact]
    public virtual async Task A_key_never_stored_reads_as_null_and_has_no_metadata()
    {
        var store = (await OpenAsync()).Store;

        Assert.Null(await store.GetAsync("/p/missing", None));
        Assert.Null(await store.GetMetadataAsync("/p/missing", None));
        Assert.DoesNotContain(await store.GetAllMetadataAsync(None), page => page.Key == "/p/missing");
    }

    [Fact]
    public virtual async Task A_stored_page_reads_back_with_the_same_bytes_headers_tags_version_build_and_route()
    {
        var store = (await OpenAsync()).Store;
        var page = Page("/p/ünïcode and space", await store.NextVersionAsync(None), "t1", "category:x");
        var redirect = Page("/p/moved", await store.NextVersionAsync(None)) with
        {
            StatusCode = 308,
            ContentType = null,
            Headers = [new("Location", "/p/new")],
            Body = ReadOnlyMemory<byte>.Empty,
            BrotliBody = ReadOnlyMemory<byte>.Empty,
            GzipBody = ReadOnlyMemory<byte>.Empty,
            BuildId = "b1",
            Route = "/p/{slug}",
        };

        Assert.True(await store.SetAsync(page, None));
        Assert.True(await store.SetAsync(redirect, None));

        StoredPageAssert.Equivalent(page, await store.GetAsync(page.Key, None));
        StoredPageAssert.Equivalent(redirect, await store.GetAsync(redirect.Key, None));
    }

    [Theory]
    [InlineData("gzip, deflate, br")]
    [InlineData("gzip")]
    [InlineData("gzip;q=1, br;q=0.5")]
    [InlineData("")]
    public virtual async Task A_read_for_one_response_is_the_whole_version_or_only_the_representation_the_request_takes(string acceptEncoding)
    {
        var store = (await OpenAsync()).Store;
        var page = Page("/p/variants", await store.NextVersionAsync(None), "t1");
        var plain = Page("/p/plain", await store.NextVersionAsync(None)) with { BrotliBody = ReadOnlyMemory<byte>.Empty, GzipBody = ReadOnlyMemory<byte>.Empty };
        var brotliOnly = Page("/p/brotli-only", await store.NextVersionAsync(None)) with { GzipBody = ReadOnlyMemory<byte>.Empty };
        var accepted = new AcceptedEncodings(acceptEncoding);
        foreach (var stored in new[] { page, plain, brotliOnly })
        {
            Assert.True(await store.SetAsync(stored, None));

            // A caller that keeps the page gets all of it.
            var whole = await store.GetAsync(stored.Key, accepted, long.MaxValue, None);
            Assert.Null(whole?.Representation);
            StoredPageAssert.Equivalent(stored, whole);

            // A store may learn the page's variants from a first read.
            _ = await store.GetAsync(stored.Key, accepted, wholeUpTo: 0, None);
            var one = await store.GetAsync(stored.Key, accepted, wholeUpTo: 0, None);
            Assert.NotNull(one);
            if (one.Representation is not { } encoding)
            {
                Assert.False(ReadsOneRepresentation, "this store reads one representation for a page the caller will not keep");
                StoredPageAssert.Equivalent(stored, one);
                continue;
            }

            Assert.Equal(accepted.Choose(!stored.BrotliBody.IsEmpty, !stored.GzipBody.IsEmpty), encoding);
            Assert.Equal(!stored.BrotliBody.IsEmpty, one.HasBrotli);
            Assert.Equal(!stored.GzipBody.IsEmpty, one.HasGzip);
            StoredPageAssert.Equivalent(
                stored with
                {
                    Body = encoding == PageEncoding.Identity ? stored.Body : default,
                    BrotliBody = encoding == PageEncoding.Brotli ? stored.BrotliBody : default,
                    GzipBody = encoding == PageEncoding.Gzip ? stored.GzipBody : default,
                },
                one);
        }

        // A new version of another shape: what was learned of the old one must not pick a variant it lacks.
        var replaced = Page(page.Key, await store.NextVersionAsync(None)) with { BrotliBody = ReadOnlyMemory<byte>.Empty, GzipBody = ReadOnlyMemory<byte>.Empty };
        Assert.True(await store.SetAsync(replaced, None));
        var afterReplace = await store.GetAsync(page.Key, accepted, wholeUpTo: 0, None);
        Assert.NotNull(afterReplace);
        Assert.Equal(replaced.Body.ToArray(), afterReplace.Body.ToArray());
        Assert.Equal(replaced.Version, afterReplace.Version);
        Assert.False(afterReplace.HasBrotli || afterReplace.HasGzip);
    }

    [Fact]
    public virtual async Task Metadata_describes_the_stored_version_without_its_body()
    {
        var store = (await OpenAsync()).Store;
        var page = Page("/p/meta", await store.NextVersionAsync(None), "t1", "t2");
        var plain = Page("/p/plain", await store.NextVersionAsync(None)) with { BrotliBody = ReadOnlyMemory<byte>.Empty, GzipBody = ReadOnlyMemory<byte>.Empty };
        Assert.True(await store.SetAsync(page, None));
        Assert.True(await store.SetAsync(plain, None));

        AssertMetadata(page, await store.GetMetadataAsync(page.Key, None));
        AssertMetadata(plain, await store.GetMetadataAsync(plain.Key, None));
    }

    [Fact]
    public virtual async Task An_older_version_never_replaces_a_newer_one_and_an_equal_one_does()
    {
        var store = (await OpenAsync()).Store;
        var older = Page("/p/race", await store.NextVersionAsync(None), "old-tag");
        var newer = Page("/p/race", await store.NextVersionAsync(None), "new-tag");

        Assert.True(await store.SetAsync(newer, None));
        Assert.False(await store.SetAsync(older, None));
        StoredPageAssert.Equivalent(newer, await store.GetAsync(newer.Key, None));
        Assert.Equal(newer.Version, (await store.GetMetadataAsync(newer.Key, None))?.Version);
        Assert.Empty(await store.GetKeysByTagAsync("old-tag", None));

        // The same render stored again (an equal version) is stored.
        var again = newer with { Body = Encoding.UTF8.GetBytes("<p>stored again</p>") };
        Assert.True(await store.SetAsync(again, None));
        StoredPageAssert.Equivalent(again, await store.GetAsync(again.Key, None));

        // A newer version replaces.
        var newest = Page("/p/race", await store.NextVersionAsync(None), "new-tag");
        Assert.True(await store.SetAsync(newest, None));
        StoredPageAssert.Equivalent(newest, await store.GetAsync(newest.Key, None));
    }

    [Fact]
    public virtual async Task Remove_up_to_a_version_keeps_a_newer_stored_version_and_removes_an_older_or_equal_one()
    {
        var store = (await OpenAsync()).Store;
        var before = await store.NextVersionAsync(None);
        var page = Page("/p/removed", await store.NextVersionAsync(None), "gone");
        Assert.True(await store.SetAsync(page, None));

        await store.RemoveAsync(page.Key, before, None);
        StoredPageAssert.Equivalent(page, await store.GetAsync(page.Key, None));
        Assert.Equal([page.Key], await store.GetKeysByTagAsync("gone", None));

        await store.RemoveAsync(page.Key, page.Version, None);
        Assert.Null(await store.GetAsync(page.Key, None));
        Assert.Null(await store.GetMetadataAsync(page.Key, None));
        Assert.Empty(await store.GetKeysByTagAsync("gone", None));
        Assert.DoesNotContain(await store.GetAllMetadataAsync(None), stored => stored.Key == page.Key);

        // Nothing stored: nothing to do, and no error.
        await store.RemoveAsync(page.Key, long.MaxValue, None);
        await store.RemoveAsync("/p/never", long.MaxValue, None);

        // Removed up to a higher version than stored: removed too.
        var later = Page("/p/later", await store.NextVersionAsync(None));
        Assert.True(await store.SetAsync(later, None));
        await store.RemoveAsync(later.Key, await store.NextVersionAsync(None), None);
        Assert.Null(await store.GetAsync(later.Key, None));
    }

    [Fact]
    public virtual async Task Keys_by_tag_follow_stores_replacements_that_change_tags_and_removals()
    {
        var store = (await OpenAsync()).Store;
        var first = Page("/p/1", await store.NextVersionAsync(None), "a", "b");
        var second = Page("/p/2", await store.NextVersionAsync(None), "b");
        Assert.True(await store.SetAsync(first, None));
        Assert.True(await store.SetAsync(second, None));

        Assert.Equal(["/p/1"], await store.GetKeysByTagAsync("a", None));
        Assert.Equal(["/p/1", "/p/2"], (await store.GetKeysByTagAsync("b", None)).Order(StringComparer.Ordinal));
        Assert.Empty(await store.GetKeysByTagAsync("c", None));

        // A newer version of /p/1 carries c instead of a and b.
        Assert.True(await store.SetAsync(Page("/p/1", await store.NextVersionAsync(None), "c"), None));
        Assert.Empty(await store.GetKeysByTagAsync("a", None));
        Assert.Equal(["/p/2"], await store.GetKeysByTagAsync("b", None));
        Assert.Equal(["/p/1"], await store.GetKeysByTagAsync("c", None));

        await store.RemoveAsync("/p/2", long.MaxValue, None);
        Assert.Empty(await store.GetKeysByTagAsync("b", None));
        Assert.Equal(["/p/1"], await store.GetKeysByTagAsync("c", None));
    }

    [Fact]
    public virtual async Task All_metadata_lists_every_stored_page_once_at_its_stored_version()
    {
        var store = (await OpenAsync()).Store;
        var pages = new List<StoredPage>();
        for (var i = 0; i < 5; i++)
        {
            pages.Add(Page($"/p/all/{i}", await store.NextVersionAsync(None), "all"));
        }

        foreach (var page in pages)
        {
            Assert.True(await store.SetAsync(page, None));
        }

        var replaced = Page("/p/all/0", await store.NextVersionAsync(None), "all");
        Assert.True(await store.SetAsync(replaced, None));
        await store.RemoveAsync("/p/all/4", long.MaxValue, None);

        var expected = new Dictionary<string, long>
        {
            ["/p/all/0"] = replaced.Version,
            ["/p/all/1"] = pages[1].Version,
            ["/p/all/2"] = pages[2].Version,
            ["/p/all/3"] = pages[3].Version,
        };
        var all = await store.GetAllMetadataAsync(None);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), all.Select(page => page.Key).Order(StringComparer.Ordinal));
        Assert.All(all, page => Assert.Equal(expected[page.Key], page.Version));
        AssertMetadata(replaced, all.Single(page => page.Key == "/p/all/0"));
    }

    private static void AssertMetadata(StoredPage expected, PageMetadata? actual)
    {
        Assert.NotNull(actual);
        var metadata = expected.ToMetadata();
        Assert.Equal(metadata.Key, actual.Key);
        Assert.Equal(metadata.Route, actual.Route);
        Assert.Equal(metadata.Version, actual.Version);
        Assert.Equal(metadata.BuildId, actual.BuildId);
        Assert.Equal(metadata.GeneratedAt, actual.GeneratedAt);
        Assert.Equal(metadata.Declared, actual.Declared);
        Assert.Equal(metadata.StoredBytes, actual.StoredBytes);
        Assert.Equal(metadata.Tags, actual.Tags);
        Assert.Equal(metadata.HasBrotli, actual.HasBrotli);
        Assert.Equal(metadata.HasGzip, actual.HasGzip);
    }
}
