using BenchmarkDotNet.Attributes;
using IsrMiddleware.Benchmarks.Infrastructure;
using Microsoft.AspNetCore.Http;
using IsrMiddleware.Model;
using IsrMiddleware.Serving;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// Writing a stored 20 KiB page to a response (<see cref="PageResponseWriter.WritePageAsync"/>): headers,
/// validators and body. Each operation makes a fresh <see cref="DefaultHttpContext"/> whose body is
/// <see cref="Stream.Null"/>; <see cref="RawWrite"/> does the same with the bytes alone, so the difference between the
/// two is what the writer adds. No Accept-Encoding unless the name says so: the identity body, as wrk asks.
/// </summary>
/// <remarks>Public and unsealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
public class ResponseWriteBenchmarks
{
    private StoredPage _page = null!;

    [GlobalSetup]
    public void Setup() => _page = TestPages.Create("/isr/page");

    [Benchmark(Baseline = true)]
    public async Task RawWrite()
    {
        var context = NewContext(null);
        var response = context.Response;
        response.ContentType = BenchPage.ContentType;
        response.ContentLength = BenchPage.Bytes.Length;
        await response.BodyWriter.WriteAsync(BenchPage.Bytes).ConfigureAwait(false);
        await response.CompleteAsync().ConfigureAwait(false);
    }

    [Benchmark]
    public async Task WritePageAsync()
    {
        var context = NewContext(null);
        await PageResponseWriter.WritePageAsync(context, _page, CacheHeaders.Hit, TestPages.CacheControl).ConfigureAwait(false);
        await context.Response.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>What a browser gets: the Brotli variant, chosen from its Accept-Encoding.</summary>
    [Benchmark]
    public async Task WritePageAsync_Brotli()
    {
        var context = NewContext(null);
        context.Request.Headers.AcceptEncoding = "gzip, deflate, br, zstd";
        await PageResponseWriter.WritePageAsync(context, _page, CacheHeaders.Hit, TestPages.CacheControl).ConfigureAwait(false);
        await context.Response.CompleteAsync().ConfigureAwait(false);
    }

    [Benchmark]
    public async Task<int> WritePageAsync_NotModified()
    {
        var context = NewContext(TestPages.ETag);
        await PageResponseWriter.WritePageAsync(context, _page, CacheHeaders.Hit, TestPages.CacheControl).ConfigureAwait(false);
        await context.Response.CompleteAsync().ConfigureAwait(false);
        return context.Response.StatusCode;
    }

    private static DefaultHttpContext NewContext(string? ifNoneMatch)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        context.Response.Body = Stream.Null;
        return context;
    }
}
