using Microsoft.Extensions.Hosting;

namespace IsrMiddleware.Redis;

/// <summary>
/// Makes this instance a member of the cluster while it runs: it listens for confirmation requests, then beats every
/// <see cref="RedisStoreOptions.HeartbeatInterval"/>. It is listed from its first acknowledgement on; one whose
/// subscription later drops stays listed and is reported as lagging, rather than silently left out.
/// </summary>
internal sealed class RedisPresenceService(RedisInvalidationConfirmer confirmer, RedisInstanceRegistry registry, TimeProvider time) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await registry.LeaveAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(registry.Interval, time);
        do
        {
            if (await confirmer.TryListenAsync().ConfigureAwait(false))
            {
                await registry.BeatAsync(stoppingToken).ConfigureAwait(false);
                await registry.ObserveAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
