using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Benchmarks.Infrastructure;

/// <summary>Stored versions of the benchmark page as a pre-render leaves them (with the precompressed variants).</summary>
internal static class TestPages
{
    public const string ETag = "\"q3Xo9vZk2Lr8Yt0Wm4Nc1A\"";

    public const string CacheControl = "s-maxage=31536000";

    private static readonly (byte[] Brotli, byte[] Gzip) Variants =
        new Precompressor(Options.Create(new StaticParamsOptions())).Compress(BenchPage.ContentType, BenchPage.Bytes);

    public static StoredPage Create(string key, bool declared = true) => new()
    {
        Key = key,
        StatusCode = 200,
        ContentType = BenchPage.ContentType,
        Body = BenchPage.Bytes,
        BrotliBody = Variants.Brotli,
        GzipBody = Variants.Gzip,
        ETag = ETag,
        GeneratedAt = DateTimeOffset.UtcNow,
        Tags = ["bench"],
        Declared = declared,
    };
}
