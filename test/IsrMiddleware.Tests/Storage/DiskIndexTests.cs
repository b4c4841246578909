using System.Text;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Storage;

/// <summary>The disk index across restarts: its snapshot, its journals, and the scan it falls back to.</summary>
public sealed class DiskIndexTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    private static CancellationToken None => CancellationToken.None;

    private string IndexFolder => Path.Combine(_cache.Path, "index");

    private (DiskPageStore Store, FakeLogger<DiskPageStore> Logs) Open()
    {
        var logs = new FakeLogger<DiskPageStore>();
        return (new DiskPageStore(Options.Create(new StaticParamsOptions { CacheDirectory = _cache.Path }), logs), logs);
    }

    private static StoredPage Page(string key, long version, params string[] tags) => new()
    {
        Key = key,
        ContentType = "text/html; charset=utf-8",
        Body = Encoding.UTF8.GetBytes($"<h1>{key} v{version}</h1>"),
        ETag = $"\"{version}\"",
        GeneratedAt = Start.AddSeconds(version),
        Version = version,
        Route = "/p/{id}",
        BuildId = "b1",
        Tags = tags,
        Declared = true,
    };

    private static string LoadedFrom(FakeLogger<DiskPageStore> logs) =>
        Assert.Single(logs.Collector.GetSnapshot(), entry => entry.Id.Id == 308).Message;

    private async Task FillAsync(DiskPageStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.SetAsync(Page($"/p/{i}", await store.NextVersionAsync(None), i % 2 == 0 ? ["even", "pages"] : ["pages"]), None);
        }
    }

    [Fact]
    public async Task A_clean_stop_writes_a_snapshot_that_the_next_start_reads_instead_of_the_page_files()
    {
        var (first, _) = Open();
        await FillAsync(first, 50);
        first.Dispose();

        // Every page file's header is made unreadable: a start that scanned them would know no page.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_cache.Path, "pages"), "*.page", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[0] = (byte)'X';
            await File.WriteAllBytesAsync(file, bytes);
        }

        var (second, logs) = Open();
        using (second)
        {
            var all = await second.GetAllMetadataAsync(None);
            await second.NextVersionAsync(None);
            Assert.Equal(50, all.Count);
            Assert.Equal(25, (await second.GetKeysByTagAsync("even", None)).Count);
            var metadata = await second.GetMetadataAsync("/p/7", None);
            Assert.Equal(["pages"], metadata!.Tags);
            Assert.Equal("/p/{id}", metadata.Route);
            Assert.Equal("b1", metadata.BuildId);
            Assert.Equal(Start.AddSeconds(metadata.Version), metadata.GeneratedAt);
            Assert.Contains("from the snapshot", LoadedFrom(logs), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_damaged_snapshot_falls_back_to_the_scan()
    {
        var (first, _) = Open();
        await FillAsync(first, 20);
        first.Dispose();

        var snapshot = Path.Combine(IndexFolder, "index.snapshot");
        var bytes = await File.ReadAllBytesAsync(snapshot);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(snapshot, bytes);

        var (second, logs) = Open();
        using (second)
        {
            Assert.Equal(20, (await second.GetAllMetadataAsync(None)).Count);
            Assert.Equal(10, (await second.GetKeysByTagAsync("even", None)).Count);
            await second.NextVersionAsync(None);
            Assert.Contains("from the scan", LoadedFrom(logs), StringComparison.Ordinal);
            Assert.NotNull(await second.GetAsync("/p/3", None));
        }

        // The scan wrote a sound snapshot again.
        var (third, thirdLogs) = Open();
        using (third)
        {
            await third.NextVersionAsync(None);
            Assert.Contains("from the snapshot", LoadedFrom(thirdLogs), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_start_after_a_crash_replays_the_journal_and_resumes_the_sequence_above_every_number_handed_out()
    {
        var (first, _) = Open();
        await FillAsync(first, 10);
        var handedOut = 0L;
        for (var i = 0; i < 100; i++)
        {
            handedOut = await first.NextVersionAsync(None);
        }

        await first.RemoveAsync("/p/4", long.MaxValue, None);

        // No Dispose: the process "died" with the journal as its only record.
        var (second, logs) = Open();
        using (second)
        {
            var next = await second.NextVersionAsync(None);
            Assert.Contains("journal records", LoadedFrom(logs), StringComparison.Ordinal);
            Assert.True(next > handedOut, $"{next} after {handedOut}");
            var all = await second.GetAllMetadataAsync(None);
            Assert.Equal(9, all.Count);
            Assert.DoesNotContain(all, page => page.Key == "/p/4");
        }
    }

    [Fact]
    public async Task A_page_written_but_not_journaled_before_a_crash_is_served_as_written_and_never_replaced_by_an_older_render()
    {
        var (first, _) = Open();
        await FillAsync(first, 3);
        first.Dispose();

        // The crash: a newer version of /p/1 reached its file, but its journal record did not.
        var (writer, _) = Open();
        var newer = Page("/p/1", await writer.NextVersionAsync(None), "pages", "added");
        await writer.SetAsync(newer, None);
        foreach (var journal in Directory.EnumerateFiles(IndexFolder, "*.journal"))
        {
            var bytes = await File.ReadAllBytesAsync(journal);
            var lastSet = LastRecordStart(bytes);
            await File.WriteAllBytesAsync(journal, bytes[..lastSet]);
        }

        var (second, _) = Open();
        using (second)
        {
            var read = await second.GetAsync("/p/1", None);
            Assert.Equal(newer.Version, read!.Version);
            Assert.Equal(["pages", "added"], read.Tags);

            // Every number from now on is above the one the lost record named: no older render can replace it.
            Assert.True(await second.NextVersionAsync(None) > newer.Version);
        }
    }

    private static int LastRecordStart(byte[] journal)
    {
        var offset = 0;
        var last = 0;
        while (offset + 4 <= journal.Length)
        {
            var length = BitConverter.ToInt32(journal, offset);
            if (length <= 0 || offset + 12 + length > journal.Length)
            {
                break;
            }

            last = offset;
            offset += length + 12;
        }

        return last;
    }
}
