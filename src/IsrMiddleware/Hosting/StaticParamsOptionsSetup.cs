using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Hosting;

/// <summary>Fills in the defaults that depend on the host: the cache folder under the content root, the app's build id.</summary>
internal sealed class StaticParamsOptionsSetup(IHostEnvironment environment) : IPostConfigureOptions<StaticParamsOptions>
{
    public void PostConfigure(string? name, StaticParamsOptions options)
    {
        if (options.CacheDirectory is null)
        {
            options.CacheDirectory = Path.Combine(environment.ContentRootPath, ".isr-cache");
        }
        else if (!string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            options.CacheDirectory = Path.GetFullPath(options.CacheDirectory, environment.ContentRootPath);
        }

        options.BuildId ??= BuildIdentity.Of(BuildIdentity.AppAssembly(environment));
    }
}
