using Microsoft.Extensions.Logging;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

/// <summary>
/// Refreshes the declared set while the app runs: a route's params providers run again when a tag the route carries is
/// revalidated (on any instance: the invalidation arrives on the change feed), when the route itself is revalidated
/// (a route target records the route's own tag), and on the interval the pre-rendering door keeps. New params are
/// rendered; the stored pages of params no longer declared are rendered again, so that a page whose data is gone is
/// removed (404); a <see cref="UnknownParams.NotFound"/> route answers 404 for them at once.
/// </summary>
internal sealed partial class DeclaredSetRefresher : IDisposable
{
    private const string RouteTagPrefix = "isr-route:";

    private readonly StaticRouteResolver _resolver;
    private readonly ParamsExpander _expander;
    private readonly DeclaredPages _declared;
    private readonly PageGenerator _generator;
    private readonly PageCache _cache;
    private readonly IPageEvents _events;
    private readonly ILogger<DeclaredSetRefresher> _logger;
    private readonly IDisposable _subscription;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<StaticRoute, RouteRefresh> _refreshes = [];
    private readonly Lock _gate = new();

    public DeclaredSetRefresher(
        IPageChangeFeed feed,
        StaticRouteResolver resolver,
        ParamsExpander expander,
        DeclaredPages declared,
        PageGenerator generator,
        PageCache cache,
        IPageEvents events,
        ILogger<DeclaredSetRefresher> logger)
    {
        _resolver = resolver;
        _expander = expander;
        _declared = declared;
        _generator = generator;
        _cache = cache;
        _events = events;
        _logger = logger;
        _subscription = feed.Subscribe(OnChange);
    }

    /// <summary>The tag whose invalidation refreshes a route's declared set (no page carries it).</summary>
    public static string TagOf(StaticRoute route) => RouteTagPrefix + route.Identity;

    /// <summary>
    /// Refreshes the route's declared set now, or once more after the refresh running now (which may have read the
    /// data before it changed); completes when a refresh that started after this call has ended.
    /// </summary>
    public Task RefreshAsync(StaticRoute route)
    {
        lock (_gate)
        {
            if (!_refreshes.TryGetValue(route, out var refresh))
            {
                _refreshes[route] = refresh = new RouteRefresh();
            }

            if (refresh.Running is null)
            {
                refresh.Running = RunAsync(route, refresh);
                return refresh.Running;
            }

            refresh.Again ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return refresh.Again.Task;
        }
    }

    /// <summary>Refreshes every route that has params providers.</summary>
    public Task RefreshAllAsync() =>
        _declared.IsEnumerated
            ? Task.WhenAll(_resolver.GetAll().Where(route => route.Sources.Count > 0).Select(RefreshAsync))
            : Task.CompletedTask;

    public void Dispose()
    {
        _subscription.Dispose();
        _stopping.Cancel();
    }

    private void OnChange(PageChange change)
    {
        // Before start-up has enumerated, the declared set is about to be read afresh anyway.
        if (change is not { Kind: PageChangeKind.Invalidated, Invalidation: { Kind: InvalidationKind.Tag } invalidation }
            || !_declared.IsEnumerated)
        {
            return;
        }

        foreach (var route in _resolver.GetAll())
        {
            if (route.Sources.Count > 0 && (route.Tags.Contains(invalidation.Target, StringComparer.Ordinal) || TagOf(route) == invalidation.Target))
            {
                _ = RefreshAsync(route);
            }
        }
    }

    private async Task RunAsync(StaticRoute route, RouteRefresh refresh)
    {
        await Task.Yield();
        TaskCompletionSource? waiting = null;
        while (true)
        {
            await RefreshOnceAsync(route).ConfigureAwait(false);
            waiting?.TrySetResult();
            lock (_gate)
            {
                waiting = refresh.Again;
                refresh.Again = null;
                if (waiting is null)
                {
                    refresh.Running = null;
                    return;
                }
            }
        }
    }

    private async Task RefreshOnceAsync(StaticRoute route)
    {
        var stopping = _stopping.Token;
        try
        {
            var keys = await _expander.ExpandAsync(route, stopping).ConfigureAwait(false);
            var (added, removed) = _declared.Replace(route, keys);
            if (added.Count + removed.Count > 0)
            {
                Log.Refreshed(_logger, route.DisplayPattern, keys.Count, added.Count, removed.Count);
            }
            else
            {
                Log.Unchanged(_logger, route.DisplayPattern, keys.Count);
            }

            foreach (var key in added)
            {
                await _generator.GenerateAsync(route, key, declared: true, RenderReason.Prerender).WaitAsync(stopping).ConfigureAwait(false);
            }

            foreach (var key in removed)
            {
                if (await _cache.GetAsync(key, stopping).ConfigureAwait(false) is not { } stored || stored.Route != route.Identity)
                {
                    continue;
                }

                if (route.UnknownParams == UnknownParams.NotFound)
                {
                    // Never served again (the route answers 404 for it): removed here and at the edge.
                    await _cache.RemoveAsync(key, stored.Version, stopping).ConfigureAwait(false);
                    _events.PageChanged(key, stored, null);
                }
                else
                {
                    // Rendered again even if fresh (passed as the version seen): its data may be gone.
                    await _generator.GenerateAsync(route, key, declared: false, RenderReason.Revalidate, stored).WaitAsync(stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.RefreshFailed(_logger, route.DisplayPattern, ex);
        }
    }

    private sealed class RouteRefresh
    {
        public Task? Running { get; set; }

        public TaskCompletionSource? Again { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(530, LogLevel.Information, "Declared set of {Route} refreshed: {Count} pages, {Added} new, {Removed} no longer declared")]
        public static partial void Refreshed(ILogger logger, string route, int count, int added, int removed);

        [LoggerMessage(532, LogLevel.Debug, "Declared set of {Route} refreshed: {Count} pages, unchanged")]
        public static partial void Unchanged(ILogger logger, string route, int count);

        [LoggerMessage(531, LogLevel.Warning, "Refreshing the declared set of {Route} failed; the pages declared before stay declared")]
        public static partial void RefreshFailed(ILogger logger, string route, Exception exception);
    }
}
