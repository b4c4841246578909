using IsrMiddleware;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using IsrMiddleware.Engine;
using IsrMiddleware.Export;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the static export (<c>app.RunOrExportAsync(args)</c>, <c>export &lt;dir&gt;</c>).</summary>
public static class StaticExportServiceCollectionExtensions
{
    /// <summary>
    /// Adds the static export. Call it after the server is configured (with <c>WebApplication.CreateBuilder</c> it
    /// always is): in an export the server is never started, so nothing listens, and start-up pre-rendering does
    /// not run, so the live cache folder is not touched. A process started with <c>export &lt;dir&gt;</c> runs in
    /// Production unless its environment is chosen (<c>--environment</c>, or <c>ASPNETCORE_ENVIRONMENT</c> outside a
    /// <c>dotnet run</c> launch profile), and needs no setting only a running site uses (the revalidation secret).
    /// </summary>
    public static IStaticParamsBuilder AddStaticExport(this IStaticParamsBuilder builder, Action<StaticExportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<StaticExportOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.Parallelism >= 1, "StaticExportOptions.Parallelism must be at least 1.")
            .Validate(o => o.ProgressEvery >= 1, "StaticExportOptions.ProgressEvery must be at least 1.");

        if (services.Any(descriptor => descriptor.ServiceType == typeof(ExportMode)))
        {
            return builder;
        }

        ExportEnvironment.Apply(services, Environment.GetCommandLineArgs().Skip(1).ToArray(), Environment.GetEnvironmentVariable);
        services.AddSingleton<ExportMode>();
        services.TryAddSingleton<UncachedRenders>();
        services.TryAddSingleton<StaticExporter>();
        WrapServer(services);
        GateHostedServices(services);
        return builder;
    }

    private static void WrapServer(IServiceCollection services)
    {
        var index = services.Count - 1;
        while (index >= 0 && (services[index].ServiceType != typeof(IServer) || services[index].IsKeyedService))
        {
            index--;
        }

        if (index < 0)
        {
            return;
        }

        var descriptor = services[index];
        Func<IServiceProvider, IServer> inner;
        if (descriptor.ImplementationInstance is IServer instance)
        {
            inner = _ => instance;
        }
        else if (descriptor.ImplementationFactory is { } factory)
        {
            inner = provider => (IServer)factory(provider);
        }
        else
        {
            // The server's own type is registered as itself, so that the container creates and disposes it as before.
            var type = descriptor.ImplementationType!;
            services.TryAdd(new ServiceDescriptor(type, type, ServiceLifetime.Singleton));
            inner = provider => (IServer)provider.GetRequiredService(type);
        }

        services[index] = ServiceDescriptor.Singleton<IServer>(provider =>
            new ExportAwareServer(new Lazy<IServer>(() => inner(provider)), provider.GetRequiredService<ExportMode>()));
    }

    private static void GateHostedServices(IServiceCollection services)
    {
        var library = typeof(StaticParamsOptions).Assembly;
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService
                && descriptor.ImplementationType is { } type && type.Assembly == library)
            {
                services[i] = ServiceDescriptor.Singleton<IHostedService>(provider =>
                    new ExportGatedHostedService((IHostedService)ActivatorUtilities.CreateInstance(provider, type), provider.GetRequiredService<ExportMode>()));
            }
        }
    }
}
