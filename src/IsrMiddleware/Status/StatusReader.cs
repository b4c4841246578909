using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;

namespace IsrMiddleware.Status;

/// <summary>
/// Reads what the status page shows from the existing parts: the routes, the declared keys, the durable tier's index
/// (metadata only, no bodies), the memory tier, this process's page activity and the circuit breakers.
/// </summary>
internal sealed class StatusReader(
    StaticRouteResolver resolver,
    PageEngine engine,
    PageActivity activity,
    CircuitStates circuits,
    IOptions<StaticParamsOptions> options,
    TimeProvider time)
{
    public async Task<StatusDocument> ReadAsync(StatusQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expire = options.Value.Expire;
        var routes = resolver.GetAll();
        var (metadata, storeError) = await ReadStoredAsync(cancellationToken).ConfigureAwait(false);
        var stored = metadata.ToDictionary(page => page.Key, StringComparer.Ordinal);

        var keys = new HashSet<string>(stored.Keys, StringComparer.Ordinal);
        keys.UnionWith(engine.DeclaredKeys);
        foreach (var (key, record) in activity.All)
        {
            if (record.IsRendering || record.Last is not null)
            {
                keys.Add(key);
            }
        }

        var pages = new List<StatusPage>(keys.Count);
        var perRoute = routes.ToDictionary(route => route, _ => new RouteCounts());
        foreach (var key in keys)
        {
            var route = RouteOf(routes, key);
            var info = stored.GetValueOrDefault(key);
            var record = activity.Get(key);
            var declared = engine.IsDeclared(key) || info?.Declared == true;
            var held = engine.PeekMemory(key);
            var inMemory = held is not null;
            info ??= held?.ToMetadata();
            var state = PageStateRule.Of(info, route, record, engine, now, route?.Expire ?? expire);
            pages.Add(new StatusPage(
                key,
                route?.DisplayPattern,
                Name(state),
                info?.GeneratedAt,
                info is null ? null : Math.Round((now - info.GeneratedAt).TotalSeconds, 1),
                info?.StoredBytes ?? 0,
                Encodings(info),
                info?.Tags ?? [],
                info?.BuildId,
                info is not null && info.BuildId == engine.BuildId,
                declared,
                inMemory,
                record?.Hits ?? 0,
                record?.Stale ?? 0,
                record?.Misses ?? 0,
                record?.Last is { } last ? ToRender(last) : null));

            if (route is not null)
            {
                perRoute[route].Add(declared, info, inMemory ? held!.StoredBytes : 0, stored.ContainsKey(key));
            }
        }

        pages.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var filtered = pages.Where(page => Matches(page, query)).ToList();
        var totalPages = Math.Max(1, (filtered.Count + query.PageSize - 1) / query.PageSize);
        var slice = filtered.Skip((Math.Min(query.Page, totalPages) - 1) * query.PageSize).Take(query.PageSize).ToList();

        return new StatusDocument(
            now,
            Totals(),
            [.. routes.Select(route => ToRoute(route, perRoute[route], expire))],
            new StatusPaging(Math.Min(query.Page, totalPages), query.PageSize, totalPages, filtered.Count, query.Route, query.State is { } s ? Name(s) : null, query.Tag),
            slice,
            Chart(),
            storeError);
    }

    /// <summary>The durable tier's index, or nothing and why when the store cannot be read (an outage).</summary>
    private async Task<(IReadOnlyCollection<PageMetadata> Pages, string? Error)> ReadStoredAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await engine.GetAllMetadataAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var why = ex.Message.Length > 300 ? ex.Message[..297] + "..." : ex.Message;
            return ([], $"the page store cannot be read ({ex.GetType().Name}: {why})");
        }
    }

    public static string Name(PageState state) => state.ToString().ToLowerInvariant();

    public static string Name(RenderReason reason) => reason switch
    {
        RenderReason.OnDemand => "on-demand",
        RenderReason.FallbackShell => "fallback-shell",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static bool Matches(StatusPage page, StatusQuery query) =>
        (query.Route is null || string.Equals(page.Route, query.Route, StringComparison.Ordinal))
        && (query.State is null || page.State == Name(query.State.Value))
        && (query.Tag is null || page.Tags.Contains(query.Tag, StringComparer.Ordinal));

    private static StaticRoute? RouteOf(IReadOnlyList<StaticRoute> routes, string key)
    {
        foreach (var route in routes)
        {
            if (route.Binder.Match(key) is { } values && route.Binder.SatisfiesConstraints(values))
            {
                return route;
            }
        }

        return null;
    }

    private static string[] Encodings(PageMetadata? info) => info switch
    {
        null => [],
        { HasBrotli: true, HasGzip: true } => ["identity", "br", "gzip"],
        { HasBrotli: true } => ["identity", "br"],
        { HasGzip: true } => ["identity", "gzip"],
        _ => ["identity"],
    };

    private static StatusRender ToRender(LastRender last) => new(
        last.At,
        Name(last.Reason),
        Math.Round(last.Duration.TotalMilliseconds, 1),
        last.Outcome.ToString().ToLowerInvariant(),
        last.StatusCode,
        last.Error);

    private StatusRoute ToRoute(StaticRoute route, RouteCounts counts, TimeSpan expire) => new(
        route.DisplayPattern,
        route.UnknownParams.ToString(),
        route.Revalidate?.TotalSeconds,
        expire.TotalSeconds,
        route.Tags,
        counts.Declared,
        counts.Stored,
        counts.OnDemand,
        counts.MemoryBytes,
        counts.DiskBytes,
        circuits.Get(route.DisplayPattern).State);

    private StatusTotals Totals()
    {
        var served = activity.Hits + activity.StaleHits + activity.Misses;
        var limit = options.Value.MemoryLimitBytes;
        return new StatusTotals(
            activity.Since,
            activity.Hits,
            activity.StaleHits,
            activity.Misses,
            served == 0 ? null : Math.Round((double)(activity.Hits + activity.StaleHits) / served, 4),
            activity.Renders,
            activity.Failures,
            RendersPerMinute(),
            engine.MemoryPages,
            engine.MemoryBytes,
            limit,
            limit <= 0 ? 0 : Math.Round((double)engine.MemoryBytes / limit, 4),
            engine.Prerender.IsCompleted,
            engine.Prerender.Done,
            engine.Prerender.Total);
    }

    /// <summary>Renders per minute by reason, over the last five minutes.</summary>
    private Dictionary<string, double> RendersPerMinute()
    {
        var window = activity.Recent.Snapshot();
        var slots = (int)Math.Min(window.Length, TimeSpan.FromMinutes(5) / activity.Recent.Width);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var reason in Enum.GetValues<RenderReason>().Where(reason => reason != RenderReason.FallbackShell))
        {
            var count = window[^slots..].Sum(slot => slot.Counts[PageActivity.RenderSeriesBase + (int)reason]);
            result[Name(reason)] = Math.Round(count / 5.0, 2);
        }

        return result;
    }

    private List<StatusChartPoint> Chart() =>
        [.. activity.Recent.Snapshot().Select(slot => new StatusChartPoint(
            slot.Start,
            slot.Counts[PageActivity.HitSeries],
            slot.Counts[PageActivity.StaleSeries],
            slot.Counts[PageActivity.MissSeries],
            slot.Counts[PageActivity.RenderSeriesBase..].Sum(),
            slot.Counts[PageActivity.FailedSeries]))];

    private sealed class RouteCounts
    {
        public int Declared { get; private set; }

        public int Stored { get; private set; }

        public int OnDemand { get; private set; }

        public long MemoryBytes { get; private set; }

        public long DiskBytes { get; private set; }

        public void Add(bool declared, PageMetadata? info, long memoryBytes, bool onDisk)
        {
            Declared += declared ? 1 : 0;
            Stored += info is null ? 0 : 1;
            OnDemand += info is not null && !declared ? 1 : 0;
            MemoryBytes += memoryBytes;
            DiskBytes += onDisk ? info!.StoredBytes : 0;
        }
    }
}
