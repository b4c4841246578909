namespace IsrMiddleware.Benchmarks;

/// <summary>
/// The memory-tier hit against Output Caching's, interleaved in one process (<c>--interleaved-hit ROUNDS</c>): the ratio
/// per round holds up on a machine whose load drifts, which makes it the figure to compare between two builds.
/// </summary>
internal static class InterleavedHitRun
{
    private const int Block = 5_000;

    public static async Task<int> RunAsync(int rounds)
    {
        var hits = new MemoryHitBenchmarks();
        hits.Setup();
        try
        {
            await InterleavedRedisRun.CompareAsync("memory-tier hit", "Output Caching", hits.OutputCacheHit, "ISR", hits.IsrHit, Block, rounds).ConfigureAwait(false);
        }
        finally
        {
            hits.Cleanup();
        }

        return 0;
    }
}
