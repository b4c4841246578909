using Microsoft.Extensions.Hosting;

namespace IsrMiddleware.Export;

/// <summary>One of the library's hosted services (such as start-up pre-rendering), which does nothing in an export.</summary>
internal sealed class ExportGatedHostedService(IHostedService inner, ExportMode mode) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>The wrapped service was made here, not by the container, so it is disposed here.</summary>
    public async ValueTask DisposeAsync()
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) =>
        Run(inner as IHostedLifecycleService, (service, token) => service.StartingAsync(token), cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => mode.IsExporting ? Task.CompletedTask : inner.StartAsync(cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken) =>
        Run(inner as IHostedLifecycleService, (service, token) => service.StartedAsync(token), cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) =>
        Run(inner as IHostedLifecycleService, (service, token) => service.StoppingAsync(token), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => mode.IsExporting ? Task.CompletedTask : inner.StopAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) =>
        Run(inner as IHostedLifecycleService, (service, token) => service.StoppedAsync(token), cancellationToken);

    private Task Run(IHostedLifecycleService? service, Func<IHostedLifecycleService, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        mode.IsExporting || service is null ? Task.CompletedTask : call(service, cancellationToken);
}
