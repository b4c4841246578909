using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace IsrMiddleware.Benchmarks.Infrastructure;

/// <summary>
/// An <see cref="IServer"/> that listens on nothing: it keeps the application the host hands to servers, so a
/// benchmark can run requests through exactly what Kestrel would call (the hosting layer, the built middleware
/// pipeline and the endpoints) without sockets or HTTP parsing.
/// </summary>
internal sealed class CapturingServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public RequestRunner? Runner { get; private set; }

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        Runner = new RequestRunner<TContext>(application);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}

/// <summary>Runs one request through the captured application, as a server does: create, process, dispose.</summary>
internal abstract class RequestRunner
{
    public abstract Task RunAsync(IFeatureCollection features);
}

internal sealed class RequestRunner<TContext>(IHttpApplication<TContext> application) : RequestRunner
    where TContext : notnull
{
    public override async Task RunAsync(IFeatureCollection features)
    {
        var context = application.CreateContext(features);
        try
        {
            await application.ProcessRequestAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            application.DisposeContext(context, ex);
            throw;
        }

        application.DisposeContext(context, null);
    }
}
