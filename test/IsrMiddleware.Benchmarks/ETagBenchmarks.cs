using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Primitives;
using IsrMiddleware.Serving;

namespace IsrMiddleware.Benchmarks;

/// <summary>The If-None-Match check of every hit (<see cref="PageResponseWriter.IsNotModified"/>).</summary>
/// <remarks>Public and unsealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
public class ETagBenchmarks
{
    // The shape PageGenerator gives an entity tag: 16 bytes of SHA-256, base64url, quoted.
    private const string ETag = "\"q3Xo9vZk2Lr8Yt0Wm4Nc1A\"";

    private static readonly StringValues None = StringValues.Empty;
    private static readonly StringValues Same = new(ETag);
    private static readonly StringValues Weak = new("W/" + ETag);
    private static readonly StringValues Other = new("\"a1b2c3d4e5f6g7h8i9j0kA\"");
    private static readonly StringValues ListMatchingLast = new("\"a1b2c3d4e5f6g7h8i9j0kA\", W/\"zzzzzzzzzzzzzzzzzzzzzz\", " + ETag);
    private static readonly StringValues Star = new("*");

    [Benchmark(Baseline = true)]
    public bool NoHeader() => PageResponseWriter.IsNotModified(None, ETag);

    [Benchmark]
    public bool Match() => PageResponseWriter.IsNotModified(Same, ETag);

    [Benchmark]
    public bool WeakMatch() => PageResponseWriter.IsNotModified(Weak, ETag);

    [Benchmark]
    public bool NoMatch() => PageResponseWriter.IsNotModified(Other, ETag);

    [Benchmark]
    public bool ListOfThree_MatchLast() => PageResponseWriter.IsNotModified(ListMatchingLast, ETag);

    [Benchmark]
    public bool Wildcard() => PageResponseWriter.IsNotModified(Star, ETag);
}
