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
            if (Environment.GetEnvironmentVariable("ISR_HIT_HEADER_ABLATION") == "1")
            {
                // The harness's response headers live in a Dictionary that starts empty and grows (3, 7, 17 entries):
                // the 8th header set copies it. Kestrel keeps known headers in fields and pools its collections.
                await InterleavedRedisRun.CompareAsync(
                    "ISR hit, growing vs pre-sized response headers", "growing", () => hits.SendPresized("/isr/page", 0), "pre-sized", () => hits.SendPresized("/isr/page", 16), Block, rounds).ConfigureAwait(false);
                await InterleavedRedisRun.CompareAsync(
                    "raw, growing vs pre-sized response headers", "growing", () => hits.SendPresized("/raw", 0), "pre-sized", () => hits.SendPresized("/raw", 16), Block, rounds).ConfigureAwait(false);
                await InterleavedRedisRun.CompareAsync(
                    "Output Caching, growing vs pre-sized response headers", "growing", () => hits.SendPresized("/oc", 0), "pre-sized", () => hits.SendPresized("/oc", 16), Block, rounds).ConfigureAwait(false);
            }

            if (Environment.GetEnvironmentVariable("ISR_HIT_VS_RAW") == "1")
            {
                await InterleavedRedisRun.CompareAsync("memory-tier hit vs raw", "raw", hits.Raw, "ISR", hits.IsrHit, Block, rounds).ConfigureAwait(false);
            }
        }
        finally
        {
            hits.Cleanup();
        }

        return 0;
    }
}
