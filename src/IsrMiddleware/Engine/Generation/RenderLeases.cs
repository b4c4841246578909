using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Store;

namespace IsrMiddleware.Engine;

/// <summary>
/// Before a render: takes the render lease, or waits (at most the render timeout) for the holder to announce the
/// key's new version and hands back that version. Renders go ahead without a lease once the holder vanished (its
/// lease lapsed) or the wait ran out, so a request is always answered. With the in-process lease this is one call.
/// </summary>
internal sealed class RenderLeases(
    IRenderLease lease, IPageChangeFeed feed, IsrMetrics metrics, IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<RenderLeases> logger)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly bool _shared = lease is not InProcessRenderLease;

    /// <summary>The lease to hold while rendering (Lease), or a version stored meanwhile that satisfies the caller (Page).</summary>
    public async Task<(IAsyncDisposable? Lease, StoredPage? Page)> AcquireAsync(
        string key, Func<CancellationToken, ValueTask<StoredPage?>> satisfied, CancellationToken cancellationToken)
    {
        if (!_shared)
        {
            return (await lease.TryAcquireAsync(key, cancellationToken).ConfigureAwait(false), null);
        }

        var deadline = time.GetUtcNow() + options.Value.RenderTimeout;
        var counted = false;
        while (true)
        {
            var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (feed.Subscribe(change =>
            {
                if (change.Kind != PageChangeKind.Invalidated && string.Equals(change.Key, key, StringComparison.Ordinal))
                {
                    announced.TrySetResult();
                }
            }))
            {
                var held = await lease.TryAcquireAsync(key, cancellationToken).ConfigureAwait(false);
                if (held is not null)
                {
                    // The previous holder may have stored its version just before letting go.
                    if (await satisfied(cancellationToken).ConfigureAwait(false) is { } stored)
                    {
                        await held.DisposeAsync().ConfigureAwait(false);
                        return (null, stored);
                    }

                    return (held, null);
                }

                if (!counted)
                {
                    metrics.LeaseWaited();
                    counted = true;
                }

                var left = deadline - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    LeaseLog.LeaseWaitTimedOut(logger, key, options.Value.RenderTimeout);
                    return (null, null);
                }

                var wait = left < RecheckInterval ? left : RecheckInterval;
                await announced.Task.WaitAsync(wait, time, cancellationToken).ContinueWith(
                    static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (await satisfied(cancellationToken).ConfigureAwait(false) is { } page)
            {
                return (null, page);
            }
        }
    }
}
