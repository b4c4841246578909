using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Benchmarks;

/// <summary>Compressing a 20 KiB page once when it is stored (<see cref="Precompressor"/>), and its parts.</summary>
[MemoryDiagnoser]
public class PrecompressBenchmarks
{
    private readonly Precompressor _precompressor = new(Options.Create(new StaticParamsOptions()));
    private readonly byte[] _body = BenchPage.Bytes;
    private readonly byte[] _buffer = new byte[BrotliEncoder.GetMaxCompressedLength(BenchPage.Bytes.Length)];

    [Benchmark(Baseline = true)]
    public int Both() => _precompressor.Compress(BenchPage.ContentType, _body).Brotli.Length;

    [Benchmark]
    public int BrotliQuality5Window22() => BrotliEncoder.TryCompress(_body, _buffer, out var written, 5, 22) ? written : 0;

    [Benchmark]
    public int BrotliQuality5Window15() => BrotliEncoder.TryCompress(_body, _buffer, out var written, 5, 15) ? written : 0;

    [Benchmark]
    public long GzipOptimal()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(_body);
        }

        return output.Length;
    }
}
