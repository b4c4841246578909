using System.Diagnostics;
using System.Globalization;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// The two Redis comparisons run interleaved in one process (<c>--interleaved-redis ROUNDS</c>): BenchmarkDotNet runs
/// each benchmark in a process of its own, one after the other, so on a machine whose load drifts by the minute the
/// two sides of a ratio are measured under different loads. Here each round times a block of one side then a block of
/// the other (the order alternating), over the same apps, and the ratio is taken per round.
/// </summary>
internal static class InterleavedRedisRun
{
    private const int MemoryBlock = 5_000;
    private const int RedisBlock = 200;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(int rounds)
    {
        var memory = new RedisMemoryHitBenchmarks();
        memory.Setup();
        try
        {
            await CompareAsync("memory-tier hit", "disk store", memory.DiskStoreMemoryHit, "Redis store", memory.RedisStoreMemoryHit, MemoryBlock, rounds).ConfigureAwait(false);
        }
        finally
        {
            memory.Cleanup();
        }

        var tier = new RedisTierHitBenchmarks();
        tier.Setup();
        try
        {
            await CompareAsync("Redis-tier hit", "Output Caching", tier.OutputCacheRedisHit, "ISR", tier.IsrRedisHit, RedisBlock, rounds).ConfigureAwait(false);
        }
        finally
        {
            tier.Cleanup();
        }

        return 0;
    }

    /// <summary>Prints the mean time of each side and baseline time / other time (above 1: the other is faster), overall and per round.</summary>
    internal static async Task CompareAsync(string title, string baselineName, Func<Task> baseline, string otherName, Func<Task> other, int block, int rounds)
    {
        for (var i = 0; i < block; i++)
        {
            await baseline().ConfigureAwait(false);
            await other().ConfigureAwait(false);
        }

        Console.WriteLine($"{title}: {rounds} rounds of {block:N0} requests per side; speed ratio = {baselineName} time / {otherName} time");
        var ratios = new List<double>();
        var (baselineTimes, otherTimes) = (new List<double>(), new List<double>());
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds && clock.Elapsed < Limit; round++)
        {
            var baselineFirst = round % 2 == 0;
            var first = await TimeAsync(baselineFirst ? baseline : other, block).ConfigureAwait(false);
            var second = await TimeAsync(baselineFirst ? other : baseline, block).ConfigureAwait(false);
            var (b, o) = baselineFirst ? (first, second) : (second, first);
            baselineTimes.Add(b);
            otherTimes.Add(o);
            ratios.Add(b / o);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {ratios.Count} rounds; mean per request: {baselineName} {baselineTimes.Average():0} ns, {otherName} {otherTimes.Average():0} ns, ratio of the means {baselineTimes.Average() / otherTimes.Average():0.000}; per round: median ratio {Median(ratios):0.000}, quartiles {Quantile(ratios, 0.25):0.000}-{Quantile(ratios, 0.75):0.000}; median times {Median(baselineTimes):0} / {Median(otherTimes):0} ns"));
    }

    private static async Task<double> TimeAsync(Func<Task> operation, int count)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await operation().ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / count;
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
    }
}
