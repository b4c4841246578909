using Microsoft.Extensions.Logging.Abstractions;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Storage;

public sealed class MemoryPageCacheTests
{
    private static StoredPage Page(string key, int bodyBytes, bool declared = false) => new()
    {
        Key = key,
        ContentType = "text/html",
        Body = new byte[bodyBytes],
        ETag = "\"" + key + "\"",
        Declared = declared,
    };

    private static MemoryPageCache Create(long limit) =>
        new(Options.Create(new StaticParamsOptions { MemoryLimitBytes = limit }), NullLogger<MemoryPageCache>.Instance);

    private static long RetrievableBodyBytes(MemoryPageCache cache, IEnumerable<string> keys)
    {
        long total = 0;
        foreach (var key in keys)
        {
            if (cache.TryGet(key, out var page) && page is not null)
            {
                total += page.Body.Length;
            }
        }

        return total;
    }

    [Fact]
    public void Stored_page_is_returned_by_its_key()
    {
        using var cache = Create(1024 * 1024);
        var page = Page("/blog/a", 100);

        cache.Set(page);

        Assert.True(cache.TryGet("/blog/a", out var read));
        Assert.Same(page, read);
        Assert.False(cache.TryGet("/blog/b", out _));
    }

    [Fact]
    public void Removed_page_is_no_longer_returned()
    {
        using var cache = Create(1024 * 1024);
        cache.Set(Page("/blog/a", 100));

        cache.Remove("/blog/a");

        Assert.False(cache.TryGet("/blog/a", out _));
    }

    [Fact]
    public async Task Pages_kept_in_memory_never_exceed_the_size_limit()
    {
        const long limit = 64 * 1024;
        using var cache = Create(limit);
        var keys = Enumerable.Range(0, 200).Select(i => $"/docs/page-{i}").ToArray();

        // 200 pages of 4 KiB: 800 KiB, more than twelve times the limit.
        for (var i = 0; i < keys.Length; i++)
        {
            cache.Set(Page(keys[i], 4096, declared: i % 2 == 0));
        }

        var deadline = Stopwatch.StartNew();
        long retained;
        while ((retained = RetrievableBodyBytes(cache, keys)) > limit && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.InRange(retained, 1, limit);
    }

    [Fact]
    public void Page_larger_than_the_limit_is_not_kept()
    {
        using var cache = Create(8 * 1024);

        cache.Set(Page("/huge", 16 * 1024));

        Assert.False(cache.TryGet("/huge", out _));
    }
}
