using IsrMiddleware.BenchApp;

// The HTTP bench app of test/IsrMiddleware.Benchmarks (see BENCHMARKS.md at the repository root).
//   (no mode)                 serve the load targets on 127.0.0.1:PORT and the disk-tier target on PORT+1 (load.sh)
//   --prerender-bench N       N pages rendered in-process at start-up vs N HttpClient self-requests, pages/s
//   --warm-restart N          time from process start to ready with N pages already on disk, and renders done
//   --scale N                 N declared pages on disk: fill time; then, against a site with no page, warm restart, managed heap
//                             per page, working set and random disk hits (workstation GC)
//   --memory N                working set with N on-demand 20 KiB pages under a 64 MiB memory tier, and hits after
//   --revalidate-tag N        lazy revalidation of one tag on N stored pages, then of a prefix reaching them: time and bytes written
//   --redis-propagation S     2, 3, 4 instances over one redis-server: renders per page, revalidation propagation p50/p99 (S samples)
//   --export-bench N          static export of N trivial pages vs HttpClient fetch + write file (AspNetStatic's method)
//   --export-bench-sample N --sample-site DLL   the same on the sample site with N extra products (processes)
// Options: --port P (default 5300), --cache-dir DIR (default: a new temporary folder),
//          --parallelism P (pre-render and self-request parallelism; default: the processor count, as the library).
var options = BenchOptions.Parse(args);
return options.Mode switch
{
    BenchMode.Serve => await LoadTargets.RunAsync(options),
    BenchMode.PrerenderBench => await PrerenderBench.RunAsync(options),
    BenchMode.WarmRestart => await WarmRestartBench.RunAsync(options),
    BenchMode.Scale => await ScaleBench.RunAsync(options),
    BenchMode.Memory => await MemoryBench.RunAsync(options),
    BenchMode.PagesSite => await PagesSite.RunAsync(options),
    BenchMode.TagRevalidation => await TagRevalidationBench.RunAsync(options),
    BenchMode.RedisPropagation => await RedisPropagationBench.RunAsync(options),
    BenchMode.ExportBench => await ExportBench.RunAsync(options),
    BenchMode.ExportBenchSample => await SampleSiteExportBench.RunAsync(options),
    _ => 2,
};
