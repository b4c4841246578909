using System.Text;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Storage;

public sealed partial class DiskPageStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _cache = new();
    private readonly DiskPageStore _store;

    private string PagesFolder => Path.Combine(_cache.Path, "pages");

    public DiskPageStoreTests()
    {
        _store = new DiskPageStore(Options.Create(new StaticParamsOptions { CacheDirectory = _cache.Path }), NullLogger<DiskPageStore>.Instance);
    }

    public void Dispose() => _cache.Dispose();

    private static CancellationToken None => CancellationToken.None;

    private static StoredPage Page(string key, string body = "<h1>page</h1>", DateTimeOffset? generatedAt = null) => new()
    {
        Key = key,
        ContentType = "text/html; charset=utf-8",
        Body = Encoding.UTF8.GetBytes(body),
        ETag = "\"" + Convert.ToHexString(Encoding.UTF8.GetBytes(body)) + "\"",
        GeneratedAt = generatedAt ?? Start,
        Version = 1 + (long)((generatedAt ?? Start) - Start).TotalSeconds,
    };

    // The page files and what a write leaves beside them; the index's snapshot and journals live in their own folder.
    private string[] AllFiles() => Directory.Exists(PagesFolder) ? Directory.EnumerateFiles(PagesFolder, "*", SearchOption.AllDirectories).ToArray() : [];

    private static string BodyOf(StoredPage? page) => Encoding.UTF8.GetString(Assert.IsType<StoredPage>(page).Body.Span);

    [GeneratedRegex("^pages/[0-9a-f]{2}/[0-9a-f]{64}\\.page$")]
    private static partial Regex HashedPagePath();

    [Fact]
    public async Task Stored_page_reads_back_with_every_field()
    {
        var page = new StoredPage
        {
            Key = "/products/tools/hammer",
            StatusCode = 200,
            ContentType = "text/html; charset=utf-8",
            Headers = [KeyValuePair.Create("Content-Language", "en"), KeyValuePair.Create("Link", "</a.css>; rel=preload")],
            Body = Encoding.UTF8.GetBytes("<h1>Hammer</h1>"),
            ETag = "\"abc123\"",
            GeneratedAt = new DateTimeOffset(2025, 6, 7, 8, 9, 10, TimeSpan.FromHours(-3)).AddTicks(4321),
            Version = 42,
            BuildId = "build-1",
            Route = "/products/{category}/{id}",
            Tags = ["products", "category:tools"],
            Declared = true,
        };

        Assert.True(await _store.SetAsync(page, None));
        var read = await _store.GetAsync(page.Key, None);

        StoredPageAssert.Equivalent(page, read);
        Assert.True(read!.Declared);
    }

    [Fact]
    public async Task Stored_redirect_reads_back_with_its_status_and_location()
    {
        var page = new StoredPage { Key = "/old", StatusCode = 308, Headers = [KeyValuePair.Create("Location", "/new")], ETag = "\"r\"" };

        await _store.SetAsync(page, None);
        var read = await _store.GetAsync("/old", None);

        Assert.NotNull(read);
        Assert.Equal(308, read.StatusCode);
        Assert.Equal(page.Headers, read.Headers);
        Assert.False(read.Declared);
    }

    [Fact]
    public async Task Absent_page_reads_as_null()
    {
        Assert.Null(await _store.GetAsync("/never/stored", None));
    }

    [Theory]
    [InlineData("/docs/../../etc/passwd")]
    [InlineData("/docs/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/blog/caf%C3%A9-crème")]
    [InlineData("/blog/日本語の記事")]
    [InlineData("/x/CON/aux/nul.txt")]
    [InlineData("C:\\Windows\\win.ini")]
    public async Task File_name_is_a_hash_of_the_key_inside_the_cache_folder(string key)
    {
        await _store.SetAsync(Page(key), None);

        var file = Assert.Single(AllFiles());
        var relative = Path.GetRelativePath(_cache.Path, file).Replace(Path.DirectorySeparatorChar, '/');
        Assert.Matches(HashedPagePath(), relative);
        Assert.StartsWith(Path.GetFullPath(_cache.Path) + Path.DirectorySeparatorChar, Path.GetFullPath(file), StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(file), Path.GetFullPath(_store.PathFor(key)));
        Assert.Equal(key, (await _store.GetAsync(key, None))?.Key);
    }

    [Fact]
    public async Task Keys_differing_only_in_case_or_encoding_get_separate_files()
    {
        string[] keys = ["/blog/a", "/blog/A", "/blog/a%20b", "/blog/a b", "/blog/a/"];
        foreach (var key in keys)
        {
            await _store.SetAsync(Page(key, body: key), None);
        }

        Assert.Equal(keys.Length, AllFiles().Length);
        foreach (var key in keys)
        {
            Assert.Equal(key, BodyOf(await _store.GetAsync(key, None)));
        }
    }

    [Fact]
    public async Task Writes_leave_no_temporary_file()
    {
        for (var i = 0; i < 5; i++)
        {
            await _store.SetAsync(Page("/blog/a", $"v{i}", Start.AddSeconds(i)), None);
            await _store.SetAsync(Page($"/blog/{i}"), None);
        }

        Assert.DoesNotContain(AllFiles(), file => file.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Equal(6, AllFiles().Length);
    }

    [Fact]
    public async Task Newer_version_replaces_an_older_one()
    {
        await _store.SetAsync(Page("/blog/a", "old", Start), None);

        var stored = await _store.SetAsync(Page("/blog/a", "new", Start.AddMinutes(1)), None);

        Assert.True(stored);
        Assert.Equal("new", BodyOf(await _store.GetAsync("/blog/a", None)));
    }

    [Fact]
    public async Task A_read_after_a_replace_or_removal_sees_the_new_state()
    {
        await _store.SetAsync(Page("/blog/a", "first", Start), None);
        Assert.Equal("first", BodyOf(await _store.GetAsync("/blog/a", None)));
        Assert.Equal("first", BodyOf(await _store.GetAsync("/blog/a", None)));

        await _store.SetAsync(Page("/blog/a", "second", Start.AddMinutes(1)), None);
        Assert.Equal("second", BodyOf(await _store.GetAsync("/blog/a", None)));

        await _store.RemoveAsync("/blog/a", long.MaxValue, None);
        Assert.Null(await _store.GetAsync("/blog/a", None));
    }

    [Fact]
    public async Task Concurrent_reads_during_replaces_see_whole_versions_and_end_on_the_newest()
    {
        await _store.SetAsync(Page("/blog/a", "v0", Start), None);
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                var body = BodyOf(await _store.GetAsync("/blog/a", None));
                Assert.StartsWith("v", body, StringComparison.Ordinal);
            }
        })).ToArray();
        for (var version = 1; version <= 30; version++)
        {
            await _store.SetAsync(Page("/blog/a", $"v{version}", Start.AddSeconds(version)), None);
        }

        await Task.WhenAll(readers);
        Assert.Equal("v30", BodyOf(await _store.GetAsync("/blog/a", None)));
    }

    [Fact]
    public async Task Older_version_never_replaces_a_newer_one()
    {
        await _store.SetAsync(Page("/blog/a", "new", Start.AddMinutes(1)), None);

        var stored = await _store.SetAsync(Page("/blog/a", "old", Start), None);

        Assert.False(stored);
        Assert.Equal("new", BodyOf(await _store.GetAsync("/blog/a", None)));
    }

    [Fact]
    public async Task Truncated_file_reads_as_null_and_is_deleted()
    {
        await _store.SetAsync(Page("/blog/a", new string('x', 1000)), None);
        var file = _store.PathFor("/blog/a");
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length - 100);
        }

        Assert.Null(await _store.GetAsync("/blog/a", None));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task File_with_one_body_byte_flipped_reads_as_null_and_is_deleted_by_the_next_process()
    {
        // A process trusts the files it wrote or checked (same length); a process opening the folder checks each
        // file in full on its first read.
        await _store.SetAsync(Page("/blog/a", "<h1>intact body</h1>"), None);
        var file = _store.PathFor("/blog/a");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^5] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);

        Assert.Null(await Reopen().GetAsync("/blog/a", None));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Corrupt_file_does_not_block_storing_a_new_version_after_a_restart()
    {
        await _store.SetAsync(Page("/blog/a", "first", Start.AddMinutes(5)), None);
        await File.WriteAllBytesAsync(_store.PathFor("/blog/a"), "garbage"u8.ToArray());
        var restarted = Reopen();

        Assert.True(await restarted.SetAsync(Page("/blog/a", "second", Start), None));
        Assert.Equal("second", BodyOf(await restarted.GetAsync("/blog/a", None)));
    }

    private DiskPageStore Reopen() =>
        new(Options.Create(new StaticParamsOptions { CacheDirectory = _cache.Path }), NullLogger<DiskPageStore>.Instance);

    [Fact]
    public async Task Leftover_temporary_files_are_deleted_and_counted()
    {
        await _store.SetAsync(Page("/blog/a"), None);
        var page = _store.PathFor("/blog/a");
        File.WriteAllText(page + ".0123456789abcdef.tmp", "half");
        File.WriteAllText(Path.Combine(PagesFolder, "orphan.tmp"), "half");
        Directory.CreateDirectory(Path.Combine(PagesFolder, "zz"));
        File.WriteAllText(Path.Combine(PagesFolder, "zz", "other.page.abc.tmp"), "half");

        using var reopened = Reopen();
        await reopened.NextVersionAsync(None);

        Assert.Equal([Path.GetFullPath(page)], AllFiles().Select(Path.GetFullPath));
        Assert.NotNull(await reopened.GetAsync("/blog/a", None));
    }

    [Fact]
    public async Task Removed_page_reads_as_null()
    {
        await _store.SetAsync(Page("/blog/a"), None);

        await _store.RemoveAsync("/blog/a", long.MaxValue, None);

        Assert.Null(await _store.GetAsync("/blog/a", None));
        Assert.Empty(AllFiles());
    }

    [Fact]
    public async Task Removing_an_absent_page_does_nothing()
    {
        await _store.RemoveAsync("/never/stored", long.MaxValue, None);
        await _store.SetAsync(Page("/blog/a"), None);

        await _store.RemoveAsync("/blog/b", long.MaxValue, None);

        Assert.NotNull(await _store.GetAsync("/blog/a", None));
        Assert.Single(AllFiles());
    }

    [Fact]
    public async Task Concurrent_writes_of_one_key_leave_the_newest_version()
    {
        var versions = Enumerable.Range(0, 50).OrderBy(_ => Random.Shared.Next()).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = versions.Select(version => Task.Run(async () =>
        {
            await start.Task;
            await _store.SetAsync(Page("/blog/a", $"v{version}", Start.AddSeconds(version)), None);
        })).ToArray();
        start.SetResult();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        var read = await _store.GetAsync("/blog/a", None);
        Assert.Equal("v49", BodyOf(read));
        Assert.Equal(Start.AddSeconds(49), read!.GeneratedAt);
        Assert.Single(AllFiles());
    }
}
