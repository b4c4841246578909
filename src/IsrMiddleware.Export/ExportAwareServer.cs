using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace IsrMiddleware.Export;

/// <summary>
/// Wraps the app's server. In an export the host still builds the pipeline (renders run through it) but the server
/// is never created nor started, so nothing listens; otherwise every call goes to the app's server.
/// </summary>
internal sealed class ExportAwareServer(Lazy<IServer> inner, ExportMode mode) : IServer
{
    private readonly FeatureCollection _exportFeatures = new();

    public IFeatureCollection Features => mode.IsExporting ? _exportFeatures : inner.Value.Features;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
        mode.IsExporting ? Task.CompletedTask : inner.Value.StartAsync(application, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) =>
        mode.IsExporting || !inner.IsValueCreated ? Task.CompletedTask : inner.Value.StopAsync(cancellationToken);

    /// <summary>The app's server is owned and disposed by the container.</summary>
    public void Dispose()
    {
    }
}
