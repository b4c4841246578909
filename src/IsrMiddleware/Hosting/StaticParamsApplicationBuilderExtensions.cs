using IsrMiddleware;
using IsrMiddleware.Rendering;
using IsrMiddleware.Serving;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the static params middleware to the pipeline.</summary>
public static class StaticParamsApplicationBuilderExtensions
{
    /// <summary>
    /// Serves static routes from the cache. Place it after <c>UseRouting()</c>, and after <c>UseAuthentication()</c>
    /// and <c>UseAuthorization()</c> if some static routes require authorization: renders run only the middleware that
    /// comes after it. A wrong order stops start-up with a message saying what to move.
    /// </summary>
    public static IApplicationBuilder UseStaticParams(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var order = LibraryServices.Get<PipelineOrder>(app.ApplicationServices, "app.UseStaticParams()");
        var before = PipelineOrder.Capture(app);

        // Runs while the pipeline is built, once every Use and Map call has been made.
        app.Use(next =>
        {
            order.Verify(app, before);
            return next;
        });
        return app.UseMiddleware<StaticParamsMiddleware>();
    }
}
