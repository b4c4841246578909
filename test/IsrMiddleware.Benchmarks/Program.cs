using BenchmarkDotNet.Running;
using IsrMiddleware.Benchmarks;

// BenchmarkDotNet's switcher: pick benchmarks with --filter, a job with --job (for example
// `dotnet run -c Release --project test/IsrMiddleware.Benchmarks -- --filter '*' --job short`).
// `--interleaved-redis ROUNDS` runs the two Redis comparisons interleaved in one process instead (InterleavedRedisRun);
// `--interleaved-hit ROUNDS` the memory-tier hit against Output Caching's (InterleavedHitRun).
if (args is ["--interleaved-redis", var rounds])
{
    return await InterleavedRedisRun.RunAsync(int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["--interleaved-hit", var hitRounds])
{
    return await InterleavedHitRun.RunAsync(int.Parse(hitRounds, System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
