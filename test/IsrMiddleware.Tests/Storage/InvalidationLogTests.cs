using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Storage;

public sealed class InvalidationLogTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    private DiskPageStore Open() =>
        new(Options.Create(new StaticParamsOptions { CacheDirectory = _cache.Path }), NullLogger<DiskPageStore>.Instance);

    [Fact]
    public async Task A_line_torn_by_a_crash_never_swallows_the_next_invalidation()
    {
        using (var first = Open())
        {
            // Stored pages that the records concern, so the store keeps them across restarts.
            await first.SetAsync(Page("/blog/p", await first.NextVersionAsync(None), "posts"), None);
            await first.SetAsync(Page("/blog/a", await first.NextVersionAsync(None)), None);
            await first.RecordInvalidationAsync(InvalidationKind.Tag, "posts", DateTimeOffset.UnixEpoch, None);
        }

        File.AppendAllText(Path.Combine(_cache.Path, "invalidations.log"), "{\"version\":99,\"ki");

        long recorded;
        using (var second = Open())
        {
            recorded = (await second.RecordInvalidationAsync(InvalidationKind.Path, "/blog/a", DateTimeOffset.UnixEpoch, None)).Version;
        }

        using var third = Open();
        var invalidations = await third.GetInvalidationsAsync(None);

        Assert.Contains(invalidations, record => record is { Kind: InvalidationKind.Tag, Target: "posts" });
        Assert.Contains(invalidations, record => record is { Kind: InvalidationKind.Path, Target: "/blog/a" } && record.Version == recorded);
        Assert.True(await third.NextVersionAsync(None) > recorded);
    }

    [Fact]
    public async Task The_log_is_compacted_while_the_store_runs()
    {
        using var store = Open();
        Invalidation last = null!;
        for (var i = 0; i < 500; i++)
        {
            last = await store.RecordInvalidationAsync(InvalidationKind.Path, "/blog/a", DateTimeOffset.UnixEpoch, None);
        }

        var lines = File.ReadAllLines(Path.Combine(_cache.Path, "invalidations.log")).Length;

        // Twice the live records plus a margin: without compaction while running, 500 lines.
        Assert.InRange(lines, 1, (2 * 1) + 16 + 1);
        Assert.Equal(last, Assert.Single(await store.GetInvalidationsAsync(None)));
    }

    [Fact]
    public async Task A_restart_drops_the_records_no_stored_page_can_be_concerned_by_and_keeps_the_rest()
    {
        long highest;
        using (var first = Open())
        {
            var older = await first.NextVersionAsync(None);
            await first.SetAsync(Page("/blog/kept", older, "posts"), None);
            await first.RecordInvalidationAsync(InvalidationKind.Tag, "posts", DateTimeOffset.UnixEpoch, None);
            await first.RecordInvalidationAsync(InvalidationKind.Path, "/blog/kept", DateTimeOffset.UnixEpoch, None);
            await first.RecordInvalidationAsync(InvalidationKind.Tag, "made-up", DateTimeOffset.UnixEpoch, None);
            await first.RecordInvalidationAsync(InvalidationKind.Path, "/never/stored", DateTimeOffset.UnixEpoch, None);

            // A page rendered after a record is not concerned by it either.
            var newer = await first.RecordInvalidationAsync(InvalidationKind.Tag, "fresh", DateTimeOffset.UnixEpoch, None);
            await first.SetAsync(Page("/blog/new", await first.NextVersionAsync(None), "fresh"), None);
            highest = newer.Version;
        }

        using var second = Open();
        var kept = (await second.GetInvalidationsAsync(None)).Select(record => $"{record.Kind}:{record.Target}").Order(StringComparer.Ordinal);
        var next = await second.NextVersionAsync(None);

        // "fresh" concerns no page (rendered after it) but is the newest record: it carries the sequence forward.
        Assert.Equal(["Path:/blog/kept", "Tag:fresh", "Tag:posts"], kept);
        Assert.True(next > highest + 1, $"{next} is not above every number stored or recorded");
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_cache.Path, "invalidations.log")).Length);
    }

    [Fact]
    public async Task The_sequence_stays_above_a_dropped_record_across_several_restarts()
    {
        long recorded;
        using (var first = Open())
        {
            await first.SetAsync(Page("/blog/a", await first.NextVersionAsync(None)), None);
            await first.RecordInvalidationAsync(InvalidationKind.Tag, "made-up-1", DateTimeOffset.UnixEpoch, None);
            recorded = (await first.RecordInvalidationAsync(InvalidationKind.Tag, "made-up-2", DateTimeOffset.UnixEpoch, None)).Version;
        }

        using (var second = Open())
        {
            Assert.True(await second.NextVersionAsync(None) > recorded);
        }

        using var third = Open();

        Assert.True(await third.NextVersionAsync(None) > recorded, "the sequence went back below a number recorded two starts ago");
    }

    private static StoredPage Page(string key, long version, params string[] tags) => new()
    {
        Key = key,
        Version = version,
        Tags = tags,
        ContentType = "text/html",
        Body = "<p>page</p>"u8.ToArray(),
        ETag = "\"" + version + "\"",
        GeneratedAt = DateTimeOffset.UnixEpoch,
    };
}
