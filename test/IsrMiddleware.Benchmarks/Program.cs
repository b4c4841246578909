using BenchmarkDotNet.Running;

// BenchmarkDotNet's switcher: pick benchmarks with --filter, a job with --job (for example
// `dotnet run -c Release --project test/IsrMiddleware.Benchmarks -- --filter '*' --job short`).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
