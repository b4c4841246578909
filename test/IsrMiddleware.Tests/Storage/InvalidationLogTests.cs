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
}
