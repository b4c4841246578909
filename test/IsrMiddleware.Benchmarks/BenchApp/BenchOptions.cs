using System.Globalization;

namespace IsrMiddleware.BenchApp;

internal enum BenchMode
{
    Serve,
    PrerenderBench,
    WarmRestart,
    Scale,
    Memory,

    /// <summary>The child process of <see cref="WarmRestartBench"/>: serves N pages over an existing cache folder.</summary>
    PagesSite,

    ExportBench,
    ExportBenchSample,
    TagRevalidation,
    RedisPropagation,
}

/// <summary>
/// The command line: one mode, a port, a cache folder, and the pre-render parallelism (the library's
/// <see cref="StaticParamsOptions.PrerenderParallelism"/> and the HTTP side's; default: the processor count, the
/// library's default).
/// </summary>
internal sealed record BenchOptions(BenchMode Mode, int Pages, int Port, string CacheDirectory, bool OwnsCacheDirectory, int Parallelism, string? SampleSite = null)
{
    public static BenchOptions Parse(string[] args)
    {
        var mode = BenchMode.Serve;
        var pages = 0;
        var port = 5300;
        string? cacheDirectory = null;
        var parallelism = Environment.ProcessorCount;
        string? sampleSite = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--prerender-bench":
                    mode = BenchMode.PrerenderBench;
                    pages = ParseInt(args, ++i);
                    break;
                case "--warm-restart":
                    mode = BenchMode.WarmRestart;
                    pages = ParseInt(args, ++i);
                    break;
                case "--scale":
                    mode = BenchMode.Scale;
                    pages = ParseInt(args, ++i);
                    break;
                case "--memory":
                    mode = BenchMode.Memory;
                    pages = ParseInt(args, ++i);
                    break;
                case "--pages-site":
                    mode = BenchMode.PagesSite;
                    pages = ParseInt(args, ++i);
                    break;
                case "--revalidate-tag":
                    mode = BenchMode.TagRevalidation;
                    pages = ParseInt(args, ++i);
                    break;
                case "--redis-propagation":
                    mode = BenchMode.RedisPropagation;
                    pages = ParseInt(args, ++i);
                    break;
                case "--export-bench":
                    mode = BenchMode.ExportBench;
                    pages = ParseInt(args, ++i);
                    break;
                case "--export-bench-sample":
                    mode = BenchMode.ExportBenchSample;
                    pages = ParseInt(args, ++i);
                    break;
                case "--sample-site":
                    sampleSite = Path.GetFullPath(Value(args, ++i));
                    break;
                case "--port":
                    port = ParseInt(args, ++i);
                    break;
                case "--parallelism":
                    parallelism = Math.Max(1, ParseInt(args, ++i));
                    break;
                case "--cache-dir":
                    cacheDirectory = Value(args, ++i);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Modes: (none), --prerender-bench N, --warm-restart N, --scale N, --memory N, --export-bench N, --export-bench-sample N, --revalidate-tag N, --redis-propagation SAMPLES; options: --sample-site DLL, --port P, --cache-dir DIR, --parallelism P.");
            }
        }

        var owns = cacheDirectory is null;
        cacheDirectory ??= Directory.CreateTempSubdirectory("isr-benchapp-").FullName;
        return new BenchOptions(mode, pages, port, Path.GetFullPath(cacheDirectory), owns, parallelism, sampleSite);
    }

    private static string Value(string[] args, int index) =>
        index < args.Length ? args[index] : throw new ArgumentException($"'{args[index - 1]}' needs a value.");

    private static int ParseInt(string[] args, int index) =>
        int.TryParse(Value(args, index), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"'{args[index - 1]}' needs a whole number, not '{args[index]}'.");
}
