using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Hosting;

internal sealed class StaticParamsBuilder(IServiceCollection services) : IStaticParamsBuilder
{
    public IServiceCollection Services { get; } = services;
}
