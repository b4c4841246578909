using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Prerendering;

/// <summary>
/// Keeps the declared set current while the app runs: creates the refresher at start (so tag and route revalidations
/// refresh routes from then on), and refreshes every route each <see cref="StaticParamsOptions.DeclaredSetRefreshInterval"/>
/// when one is set.
/// </summary>
internal sealed class DeclaredSetRefreshService(DeclaredSetRefresher refresher, IOptions<StaticParamsOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DeclaredSetRefreshInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await refresher.RefreshAllAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
