using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Engine;

/// <summary>
/// On-demand revalidation by paths, tags and prefixes. Every target's invalidation is recorded first (one durable write
/// per path and per tag, one per page of a prefix): lazy stops there, and the pages they concern are stale from now on;
/// eager then waits, for each page reached (once per call, however many targets reach it), for a render that started
/// after its invalidations, shared with concurrent eager revalidations of the page (<see cref="EagerRegenerations"/>).
/// A page never stored is rendered only where a request could have created it (declared, or a route that is not
/// <c>NotFound</c>), and never with <see cref="RevalidationOptions.OnlyStored"/>.
/// </summary>
internal sealed partial class PageRevalidator(
    PageLocator locator,
    PageCache cache,
    EagerRegenerations eager,
    IsrMetrics metrics,
    IOptions<StaticParamsOptions> settings,
    IPageEvents edge,
    IInvalidationConfirmer confirmer,
    ILogger<PageRevalidator> logger)
{
    private static readonly RevalidationOptions LazyOptions = new() { Mode = RevalidationMode.Lazy };

    public Task<RevalidationReport> RevalidatePathAsync(string path, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default) =>
        RevalidateAsync([RevalidationTarget.Path(path)], new RevalidationOptions { Mode = mode }, cancellationToken);

    public Task<RevalidationReport> RevalidateTagAsync(string tag, RevalidationMode mode = RevalidationMode.Lazy, CancellationToken cancellationToken = default) =>
        RevalidateAsync([RevalidationTarget.Tag(tag)], new RevalidationOptions { Mode = mode }, cancellationToken);

    public async Task<RevalidationReport> RevalidateAsync(
        IReadOnlyCollection<RevalidationTarget> targets, RevalidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        options ??= new RevalidationOptions();
        CheckCount(targets.Count, settings.Value.MaxRevalidationTargets);
        if (options.ConfirmationTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > RevalidationOptions.MaxConfirmationTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, $"RevalidationOptions.ConfirmationTimeout must be positive and at most {RevalidationOptions.MaxConfirmationTimeout}.");
        }

        if (targets.Any(target => target is null))
        {
            throw new ArgumentException("A revalidation target is null.", nameof(targets));
        }

        var reached = new ReachedPages();
        var recorded = new List<Invalidation>();
        var perTarget = new List<(RevalidationTarget Target, IReadOnlyList<string> Keys)>(targets.Count);
        foreach (var target in targets)
        {
            perTarget.Add((target, await RecordAsync(target, reached, recorded, cancellationToken).ConfigureAwait(false)));
        }

        // Acknowledgements are awaited alongside eager renders: both follow from the same records.
        Task<RevalidationConfirmation?> confirmation = options.Confirm
            ? ConfirmAsync(recorded, options.ConfirmationTimeout ?? settings.Value.ConfirmationTimeout, cancellationToken)
            : Task.FromResult<RevalidationConfirmation?>(null);

        try
        {
            return await RevalidatePagesAsync(targets, options, reached, perTarget, confirmation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Observed whatever happens to the pages (its own failures are reports, never exceptions).
            _ = confirmation.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task<RevalidationReport> RevalidatePagesAsync(
        IReadOnlyCollection<RevalidationTarget> targets,
        RevalidationOptions options,
        ReachedPages reached,
        List<(RevalidationTarget Target, IReadOnlyList<string> Keys)> perTarget,
        Task<RevalidationConfirmation?> confirmation,
        CancellationToken cancellationToken)
    {
        var pages = new PageRevalidation[reached.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Value.PrerenderParallelism, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, reached.Count, parallel, async (i, token) =>
        {
            var page = reached[i];
            // Past MaxEagerRevalidationPages an eager call marks pages stale (their invalidations are recorded already).
            var mode = i < settings.Value.MaxEagerRevalidationPages ? options : LazyOptions;
            pages[i] = page.Route is { } route
                ? await RevalidateOneAsync(route, page.Key, mode, page.InvalidatedAt, token).ConfigureAwait(false)
                : new PageRevalidation(page.Key, RevalidationOutcome.NoRoute);
            metrics.Revalidated(pages[i].Outcome.ToString());
        }).ConfigureAwait(false);

        var byKey = pages.ToDictionary(page => page.Path, StringComparer.Ordinal);
        var results = perTarget.Select(entry => new TargetRevalidation(entry.Target, [.. entry.Keys.Select(key => byKey[key])])).ToArray();
        edge.Invalidated(
            [.. pages.Where(page => page.Outcome != RevalidationOutcome.NoRoute).Select(page => page.Path)],
            [.. targets.Where(target => target.Kind == RevalidationTargetKind.Tag).Select(target => target.Value).Distinct(StringComparer.Ordinal)]);
        var confirmed = await confirmation.ConfigureAwait(false);
        RevalidationLog.Revalidated(logger, targets.Count == 1 ? targets.First().ToString() : $"{targets.Count} targets", options.Mode, pages.Length);
        if (confirmed is { Complete: false })
        {
            RevalidationLog.ConfirmationLagged(logger, string.Join(", ", confirmed.Lagged), confirmed.Applied.Count);
        }

        return new RevalidationReport(options.Mode, pages, results, confirmed);
    }

    private async Task<RevalidationConfirmation?> ConfirmAsync(IReadOnlyList<Invalidation> recorded, TimeSpan timeout, CancellationToken cancellationToken) =>
        await confirmer.ConfirmAsync(recorded, timeout, cancellationToken).ConfigureAwait(false);

    private static void CheckCount(int count, int max)
    {
        if (count == 0)
        {
            throw new ArgumentException("Give at least one path, tag or prefix to revalidate.", "targets");
        }

        if (count > max)
        {
            throw new ArgumentException($"{count} revalidation targets exceed MaxRevalidationTargets ({max}): split the call.", "targets");
        }
    }
}
