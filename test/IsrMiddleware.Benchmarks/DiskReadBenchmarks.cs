using BenchmarkDotNet.Attributes;
using IsrMiddleware.Benchmarks.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;
using IsrMiddleware.Store;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// The disk tier: <see cref="DiskPageStore.GetAsync"/> of a stored 20 KiB page (read, header JSON, body SHA-256
/// check), the same for a key with no file (what pre-rendering meets for every new page), the file format's parse
/// alone, and a whole disk-tier hit through <see cref="PageCache"/> when the memory tier is too small to keep the
/// page (so the promotion is attempted and refused on every read), and that hit as a response reads it (one representation,
/// as on the bench app's <c>/isr-disk/page</c>).
/// </summary>
/// <remarks>Public and unsealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
public class DiskReadBenchmarks
{
    private const string Key = "/isr-disk/page";

    private string _directory = null!;
    private DiskPageStore _store = null!;
    private MemoryPageCache _tinyMemory = null!;
    private PageCache _cache = null!;
    private byte[] _file = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("isr-bench-disk-").FullName;
        var options = Options.Create(new StaticParamsOptions { CacheDirectory = _directory, MemoryLimitBytes = 1 });
        _store = new DiskPageStore(options, NullLogger<DiskPageStore>.Instance);
        _store.SetAsync(TestPages.Create(Key), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _file = File.ReadAllBytes(_store.PathFor(Key));

        _tinyMemory = new MemoryPageCache(options, NullLogger<MemoryPageCache>.Instance);
        var onDemand = new OnDemandPages(options);
        _cache = new PageCache(
            _tinyMemory, _store, new InProcessPageChangeFeed(NullLogger<InProcessPageChangeFeed>.Instance), new OnDemandCaps(onDemand, onDemand, TimeProvider.System, NullLogger<OnDemandCaps>.Instance), TimeProvider.System, NullLogger<PageCache>.Instance);
        if (_cache.GetAsync(Key, CancellationToken.None).AsTask().GetAwaiter().GetResult()?.Body.Length != BenchPage.Size
            || _tinyMemory.Count != 0)
        {
            throw new InvalidOperationException("The disk-tier setup does not read the page from disk.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tinyMemory.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> GetAsync()
    {
        var page = await _store.GetAsync(Key, CancellationToken.None).ConfigureAwait(false);
        return page!.Body.Length;
    }

    [Benchmark]
    public async Task<bool> GetAsync_NoFile() => await _store.GetAsync("/not/stored", CancellationToken.None).ConfigureAwait(false) is null;

    [Benchmark]
    public int Deserialize() => PageFileFormat.Deserialize(_file)!.Body.Length;

    [Benchmark]
    public async Task<int> PageCache_DiskTierHit()
    {
        var page = await _cache.GetAsync(Key, CancellationToken.None).ConfigureAwait(false);
        return page!.Body.Length;
    }

    /// <summary>The same hit as the response reads it: only the representation the request takes (wrk's: identity).</summary>
    [Benchmark]
    public async Task<int> PageCache_DiskTierHit_OneRepresentation()
    {
        var page = await _cache.GetForResponseAsync(Key, default, CancellationToken.None).ConfigureAwait(false);
        page!.Lease?.Dispose(); // as the server does once the response is written
        return page.Body.Length;
    }

    /// <summary>A browser's request: the Brotli variant alone.</summary>
    [Benchmark]
    public async Task<int> PageCache_DiskTierHit_OneRepresentation_Brotli()
    {
        var page = await _cache.GetForResponseAsync(Key, Brotli, CancellationToken.None).ConfigureAwait(false);
        page!.Lease?.Dispose();
        return page.BrotliBody.Length;
    }

    private static readonly AcceptedEncodings Brotli = new("gzip, deflate, br, zstd");
}
