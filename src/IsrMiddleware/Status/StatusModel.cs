using System.Text.Json.Serialization;
using IsrMiddleware.Diagnostics;
namespace IsrMiddleware.Status;

/// <summary>
/// Everything the status page shows, as one document (the JSON twin serializes it). <see cref="StoreError"/> says why
/// the durable tier could not be read: the pages then are what this process knows (declared keys, the memory tier,
/// its own renders).
/// </summary>
internal sealed record StatusDocument(
    DateTimeOffset Now,
    StatusTotals Totals,
    IReadOnlyList<StatusRoute> Routes,
    StatusPaging Paging,
    IReadOnlyList<StatusPage> Pages,
    IReadOnlyList<StatusChartPoint> Chart,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StoreError = null);

/// <summary>Counts since the process started, and the memory tier's fill.</summary>
internal sealed record StatusTotals(
    DateTimeOffset Since,
    long Hits,
    long StaleHits,
    long Misses,
    double? HitRatio,
    long Renders,
    long Failures,
    IReadOnlyDictionary<string, double> RendersPerMinute,
    long MemoryPages,
    long MemoryBytes,
    long MemoryLimitBytes,
    double MemoryFill,
    bool PrerenderCompleted,
    int PrerenderDone,
    int PrerenderTotal);

/// <summary>One static route and the pages it holds.</summary>
internal sealed record StatusRoute(
    string Pattern,
    string Policy,
    double? RevalidateSeconds,
    double ExpireSeconds,
    IReadOnlyList<string> Tags,
    int Declared,
    int Stored,
    int OnDemand,
    long MemoryBytes,
    long DiskBytes,
    string Circuit);

/// <summary>One page: its state, size, tags, traffic and last render.</summary>
internal sealed record StatusPage(
    string Path,
    string? Route,
    string State,
    DateTimeOffset? GeneratedAt,
    double? AgeSeconds,
    long Bytes,
    IReadOnlyList<string> Encodings,
    IReadOnlyList<string> Tags,
    string? Build,
    bool CurrentBuild,
    bool Declared,
    bool InMemory,
    long Hits,
    long StaleHits,
    long Misses,
    StatusRender? LastRender);

/// <summary>The last render of a page this process ran.</summary>
internal sealed record StatusRender(DateTimeOffset At, string Reason, double DurationMs, string Outcome, int StatusCode, string? Error);

/// <summary>Which slice of the filtered pages is shown.</summary>
internal sealed record StatusPaging(int Page, int PageSize, int TotalPages, int TotalItems, string? Route, string? State, string? Tag);

/// <summary>One slot of the chart: requests answered by outcome, and renders.</summary>
internal sealed record StatusChartPoint(DateTimeOffset Start, long Hits, long Stale, long Misses, long Renders, long Failures);
