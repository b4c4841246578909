using IsrMiddleware.Serving;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the static params middleware to the pipeline.</summary>
public static class StaticParamsApplicationBuilderExtensions
{
    /// <summary>
    /// Serves static routes from the cache. Place it after <c>UseRouting()</c> (and after authentication if some
    /// endpoints need it): renders run only the middleware that comes after it.
    /// </summary>
    public static IApplicationBuilder UseStaticParams(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<StaticParamsMiddleware>();
    }
}
