using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>The sequence, the invalidation records, and what survives a reopen.</summary>
public abstract partial class PageStoreConformanceTests
{
    [Fact]
    public virtual async Task The_sequence_strictly_increases_and_200_parallel_calls_get_distinct_numbers_above_the_ones_before()
    {
        var store = (await OpenAsync()).Store;
        var first = await store.NextVersionAsync(None);
        var second = await store.NextVersionAsync(None);
        Assert.True(second > first, $"{second} > {first}");

        var parallel = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => store.NextVersionAsync(None).AsTask())));
        var after = await store.NextVersionAsync(None);

        Assert.Equal(200, parallel.Distinct().Count());
        Assert.All(parallel, number => Assert.InRange(number, second + 1, after - 1));
    }

    [Fact]
    public virtual async Task Invalidations_are_numbered_from_the_sequence_and_read_back_with_their_kind_target_and_time()
    {
        var store = (await OpenAsync()).Store;
        var recordedAt = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567);
        var before = await store.NextVersionAsync(None);
        var path = await store.RecordInvalidationAsync(InvalidationKind.Path, "/p/1", recordedAt, None);
        var tag = await store.RecordInvalidationAsync(InvalidationKind.Tag, "products", recordedAt.AddMinutes(1), None);
        var sameName = await store.RecordInvalidationAsync(InvalidationKind.Tag, "/p/1", recordedAt.AddMinutes(2), None);
        var after = await store.NextVersionAsync(None);

        Assert.Equal(new Invalidation(InvalidationKind.Path, "/p/1", path.Version, recordedAt), path);
        Assert.Equal(new Invalidation(InvalidationKind.Tag, "products", tag.Version, recordedAt.AddMinutes(1)), tag);
        Assert.True(before < path.Version && path.Version < tag.Version && tag.Version < sameName.Version && sameName.Version < after,
            $"{before} < {path.Version} < {tag.Version} < {sameName.Version} < {after}");

        // A path and a tag of the same name are two targets.
        Assert.Equal([path, tag, sameName], (await store.GetInvalidationsAsync(None)).OrderBy(invalidation => invalidation.Version));
    }

    [Fact]
    public virtual async Task A_prefix_invalidation_is_one_record_read_back_with_its_kind_beside_a_path_of_the_same_name()
    {
        var store = (await OpenInstanceAsync("a")).Store;
        var recordedAt = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

        var prefix = await store.RecordInvalidationAsync(InvalidationKind.Prefix, "/docs/guides/", recordedAt, None);
        var path = await store.RecordInvalidationAsync(InvalidationKind.Path, "/docs/guides/", recordedAt, None);

        Assert.Equal(new Invalidation(InvalidationKind.Prefix, "/docs/guides/", prefix.Version, recordedAt), prefix);
        Assert.Equal([prefix, path], (await store.GetInvalidationsAsync(None)).OrderBy(invalidation => invalidation.Version));
    }

    [Fact]
    public virtual async Task Invalidations_read_back_the_latest_record_of_each_path_and_tag()
    {
        var store = (await OpenAsync()).Store;
        var recordedAt = TimeProvider.System.GetUtcNow();
        await store.RecordInvalidationAsync(InvalidationKind.Path, "/p/1", recordedAt, None);
        var tag = await store.RecordInvalidationAsync(InvalidationKind.Tag, "t", recordedAt, None);
        var latest = await store.RecordInvalidationAsync(InvalidationKind.Path, "/p/1", recordedAt.AddSeconds(1), None);

        Assert.True(latest.Version > tag.Version, $"{latest.Version} > {tag.Version}");
        Assert.Equal([tag, latest], (await store.GetInvalidationsAsync(None)).OrderBy(invalidation => invalidation.Version));
    }

    [Fact]
    public virtual async Task Pages_invalidations_and_removals_survive_a_reopen()
    {
        Require(PersistsAcrossReopen, nameof(PersistsAcrossReopen));
        var first = await OpenAsync();
        var kept = Page("/p/kept", await first.Store.NextVersionAsync(None), "kept");
        var removed = Page("/p/removed", await first.Store.NextVersionAsync(None), "kept");
        Assert.True(await first.Store.SetAsync(kept, None));
        Assert.True(await first.Store.SetAsync(removed, None));
        await first.Store.RemoveAsync(removed.Key, removed.Version, None);
        var invalidation = await first.Store.RecordInvalidationAsync(InvalidationKind.Tag, "kept", TimeProvider.System.GetUtcNow(), None);

        var store = (await ReopenAsync(first)).Store;

        StoredPageAssert.Equivalent(kept, await store.GetAsync(kept.Key, None));
        Assert.Equal(kept.Version, (await store.GetMetadataAsync(kept.Key, None))?.Version);
        Assert.Null(await store.GetAsync(removed.Key, None));
        Assert.Equal([kept.Key], await store.GetKeysByTagAsync("kept", None));
        Assert.Equal([kept.Key], (await store.GetAllMetadataAsync(None)).Select(page => page.Key));
        Assert.Equal([invalidation], await store.GetInvalidationsAsync(None));

        // A version older than the one kept is still refused after the reopen.
        Assert.False(await store.SetAsync(Page(kept.Key, kept.Version - 1), None));
    }

    [Fact]
    public virtual async Task The_sequence_resumes_after_a_reopen_above_every_number_stored()
    {
        Require(PersistsAcrossReopen, nameof(PersistsAcrossReopen));
        var first = await OpenAsync();
        for (var i = 0; i < 10; i++)
        {
            await first.Store.NextVersionAsync(None);
        }

        var page = Page("/p/numbered", await first.Store.NextVersionAsync(None));
        Assert.True(await first.Store.SetAsync(page, None));
        var invalidation = await first.Store.RecordInvalidationAsync(InvalidationKind.Path, "/p/other", TimeProvider.System.GetUtcNow(), None);

        var store = (await ReopenAsync(first)).Store;
        var next = await store.NextVersionAsync(None);
        var recorded = await store.RecordInvalidationAsync(InvalidationKind.Path, "/p/numbered", TimeProvider.System.GetUtcNow(), None);

        Assert.True(next > Math.Max(page.Version, invalidation.Version), $"{next} > {page.Version}, {invalidation.Version}");
        Assert.True(recorded.Version > next, $"{recorded.Version} > {next}");
    }
}
