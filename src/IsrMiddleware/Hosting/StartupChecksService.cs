using Microsoft.Extensions.Hosting;

namespace IsrMiddleware.Hosting;

/// <summary>Stops start-up on a setting the running site needs (see <see cref="StartupChecks"/>); the static export does not run it.</summary>
internal sealed class StartupChecksService(StartupChecks checks) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        checks.ThrowIfAny();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
