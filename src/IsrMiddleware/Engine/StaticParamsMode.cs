using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Engine;

/// <summary>Whether pages are cached: not in Development unless <see cref="StaticParamsOptions.CacheInDevelopment"/> says so.</summary>
internal sealed class StaticParamsMode(IHostEnvironment environment, IOptions<StaticParamsOptions> options)
{
    public bool Caches { get; } = !environment.IsDevelopment() || options.Value.CacheInDevelopment;
}
