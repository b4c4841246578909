using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Properties;

/// <summary>Properties of the disk store over generated keys, bodies and write orders.</summary>
[Properties(Arbitrary = [typeof(HostileValues)], MaxTest = 200)]
public sealed class DiskPageStoreProperties : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly DiskPageStore _store;

    private string PagesFolder => Path.Combine(_cache.Path, "pages");

    public DiskPageStoreProperties()
    {
        _store = new DiskPageStore(Options.Create(new StaticParamsOptions { CacheDirectory = _cache.Path }), NullLogger<DiskPageStore>.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _cache.Dispose();
    }

    private static StoredPage Page(string key, byte[] body, DateTimeOffset generatedAt, params string[] tags) => new()
    {
        Key = key,
        ContentType = "text/html; charset=utf-8",
        Body = body,
        ETag = "\"" + generatedAt.UtcTicks + "\"",
        GeneratedAt = generatedAt,
        Version = (long)(generatedAt - DateTimeOffset.UnixEpoch).TotalMinutes,
        Tags = tags,
    };

    [Property]
    public void Any_key_is_stored_under_a_hash_name_inside_the_cache_folder_and_reads_back_whole(PathValue path, byte[] body, SegmentValue tag)
    {
        var key = "/" + path.Value;
        var root = Path.GetFullPath(PagesFolder) + Path.DirectorySeparatorChar;
        var file = Path.GetFullPath(_store.PathFor(key));
        var page = Page(key, body, DateTimeOffset.UnixEpoch.AddTicks(body.Length + 1), tag.Value);

        Assert.True(_store.SetAsync(page, CancellationToken.None).AsTask().GetAwaiter().GetResult());
        var read = _store.GetAsync(key, CancellationToken.None).AsTask().GetAwaiter().GetResult();

        Assert.StartsWith(root, file, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}\\.page$", Path.GetFileName(file));
        StoredPageAssert.Equivalent(page, read);
        Assert.Contains(key, _store.GetKeysByTagAsync(tag.Value, CancellationToken.None).AsTask().GetAwaiter().GetResult());
        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Property]
    public Property The_newest_version_wins_whatever_order_the_writes_come_in(SegmentValue slug) =>
        Prop.ForAll(
            Gen.Shuffle(Enumerable.Range(1, 6).ToArray()).ToArbitrary(),
            order =>
            {
                var key = "/versions/" + slug.Value;
                foreach (var version in order)
                {
                    var page = Page(key, Encoding.UTF8.GetBytes("v" + version), DateTimeOffset.UnixEpoch.AddMinutes(version));
                    var stored = _store.SetAsync(page, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    var newestBefore = order.TakeWhile(v => v != version).DefaultIfEmpty(0).Max();
                    Assert.Equal(version > newestBefore, stored);
                }

                var read = _store.GetAsync(key, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                Assert.Equal("v6", Encoding.UTF8.GetString(Assert.IsType<StoredPage>(read).Body.Span));
                _store.RemoveAsync(key, long.MaxValue, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            });
}
