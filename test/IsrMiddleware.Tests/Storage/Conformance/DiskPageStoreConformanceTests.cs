using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>The disk store (the default durable tier) in a temporary folder; reopening it is a new store over the same folder.</summary>
public sealed class DiskPageStoreConformanceTests : InProcessConformanceTests
{
    private readonly TempDirectory _cache;

    public DiskPageStoreConformanceTests() => _cache = Track(new TempDirectory());

    protected override bool ReadsOneRepresentation => true;

    protected override IPageStore OpenStore() =>
        new DiskPageStore(Options.Create(new StaticParamsOptions { CacheDirectory = _cache.Path, BuildId = "b1" }), NullLogger<DiskPageStore>.Instance);
}
