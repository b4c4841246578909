using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Edge;

/// <summary>Registers the edge services that <c>AddStaticParams</c> always has.</summary>
internal static class EdgeServices
{
    public const string HttpClientName = "IsrMiddleware.Edge";

    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StaticParamsOptions>, EdgeOptionsValidator>());
        services.TryAddSingleton<EdgeMetrics>();
        services.TryAddSingleton<EdgeInvalidationQueue>();
        services.TryAddSingleton<IPageEvents>(provider => provider.GetRequiredService<EdgeInvalidationQueue>());
        services.AddHostedService<EdgeInvalidationDispatcher>();
    }

    /// <summary>The HTTP client of the built-in invalidators: no client-side timeout (<see cref="EdgeOptions.CallTimeout"/> applies).</summary>
    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
}
