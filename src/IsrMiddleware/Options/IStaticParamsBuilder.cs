using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware;

/// <summary>Returned by <c>AddStaticParams</c> for further configuration, such as a shared store.</summary>
public interface IStaticParamsBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }
}
