using System.Diagnostics;
using System.Globalization;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// Lazy revalidation of one tag carried by N stored pages, then of the prefix <c>/p/</c> that reaches the same N pages:
/// the time each call takes and the bytes this process writes for it (the <c>wchar</c> counter of
/// <c>/proc/self/io</c>: every byte passed to a write call), three times in a row.
/// </summary>
internal static class TagRevalidationBench
{
    private const int Runs = 3;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var folder = Path.Combine(options.CacheDirectory, "tag");
        Console.WriteLine($"Tag revalidation benchmark: {options.Pages} pages carrying tag 'pages', cache {folder}");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using var app = PagesSite.Build(options.Pages, options.Port, folder, options.Parallelism);
        await app.StartAsync().ConfigureAwait(false);
        await Readiness.WaitAsync(client, options.Port, Stopwatch.StartNew(), Limit).ConfigureAwait(false);
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();

        Console.WriteLine("| run | lazy RevalidateTagAsync | pages reported | bytes written |");
        Console.WriteLine("|---:|---:|---:|---:|");
        for (var run = 1; run <= Runs; run++)
        {
            var written = WrittenBytes();
            var clock = Stopwatch.StartNew();
            var report = await revalidator.RevalidateTagAsync("pages").ConfigureAwait(false);
            clock.Stop();
            written = WrittenBytes() - written;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {clock.Elapsed.TotalMilliseconds:0.0} ms | {report.Pages.Count} | {written:N0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| run | lazy RevalidateAsync(Prefix(\"/p/\")) | pages reported | bytes written |");
        Console.WriteLine("|---:|---:|---:|---:|");
        for (var run = 1; run <= Runs; run++)
        {
            var written = WrittenBytes();
            var clock = Stopwatch.StartNew();
            var report = await revalidator.RevalidateAsync([RevalidationTarget.Prefix("/p/")]).ConfigureAwait(false);
            clock.Stop();
            written = WrittenBytes() - written;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {clock.Elapsed.TotalMilliseconds:0.0} ms | {report.Pages.Count} | {written:N0} |"));
        }

        await app.StopAsync().ConfigureAwait(false);
        if (options.OwnsCacheDirectory)
        {
            Directory.Delete(options.CacheDirectory, recursive: true);
        }

        return 0;
    }

    private static long WrittenBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
