using System.Buffers;
using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using IsrMiddleware.Model;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// What compressing a page with one live hole costs per request: the gzip parts the middleware sends (the shell's
/// parts compressed once, only the hole per request) against compressing the whole assembled page per request with
/// gzip or Brotli, which a page with holes would need since Brotli streams do not concatenate.
/// </summary>
[MemoryDiagnoser]
public class HoleCompressionBenchmarks
{
    private static readonly byte[] Hole = Encoding.UTF8.GetBytes("Signed in as Ann");

    private readonly byte[] _head = BenchPage.Bytes.AsSpan(0, 2048).ToArray();
    private readonly byte[] _tail = BenchPage.Bytes.AsSpan(2048).ToArray();
    private readonly byte[] _buffer = new byte[BrotliEncoder.GetMaxCompressedLength(BenchPage.Bytes.Length + 64)];
    private byte[] _headPart = [];
    private byte[] _tailPart = [];
    private readonly ArrayBufferWriter<byte> _output = new(32 * 1024);
    private byte[] _page = [];
    private GzipSegment _headSegment;
    private GzipSegment _tailSegment;

    [GlobalSetup]
    public void Setup()
    {
        _headPart = GzipParts.Compress(_head, CompressionLevel.Optimal);
        _tailPart = GzipParts.Compress(_tail, CompressionLevel.Optimal);
        _page = [.. _head, .. Hole, .. _tail];
        _headSegment = GzipSegment.Of(_head, CompressionLevel.Optimal);
        _tailSegment = GzipSegment.Of(_tail, CompressionLevel.Optimal);
    }

    [Benchmark(Baseline = true)]
    public int GzipParts_stored_hole()
    {
        var output = _output;
        output.ResetWrittenCount();
        output.Write(GzipParts.Header);
        output.Write(_headPart);
        GzipParts.WriteStored(output, Hole);
        output.Write(_tailPart);
        var trailer = new GzipParts();
        trailer.Add(_headSegment);
        trailer.Add(Hole);
        trailer.Add(_tailSegment);
        output.Write(trailer.End());
        return output.WrittenCount;
    }

    [Benchmark]
    public int GzipParts_compressed_hole()
    {
        var trailer = new GzipParts();
        trailer.Add(_head);
        trailer.Add(Hole);
        trailer.Add(_tail);
        var hole = GzipParts.Compress(Hole, CompressionLevel.Fastest);
        return GzipParts.Header.Length + _headPart.Length + hole.Length + _tailPart.Length + trailer.End().Length;
    }

    [Benchmark]
    public long Gzip_whole_page_fastest()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(_page);
        }

        return output.Length;
    }

    [Benchmark]
    public int Brotli_whole_page_quality1() => BrotliEncoder.TryCompress(_page, _buffer, out var written, 1, 22) ? written : 0;

    [Benchmark]
    public int Brotli_whole_page_quality4() => BrotliEncoder.TryCompress(_page, _buffer, out var written, 4, 22) ? written : 0;
}
