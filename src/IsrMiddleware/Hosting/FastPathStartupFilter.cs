using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using IsrMiddleware.Serving;

namespace IsrMiddleware.Hosting;

/// <summary>Puts the serving-before-routing door at the start of the app's pipeline when <see cref="StaticParamsOptions.ServeBeforeRouting"/> is on.</summary>
internal sealed class FastPathStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<StaticParamsOptions>>().Value.ServeBeforeRouting)
        {
            app.UseMiddleware<FastPathMiddleware>();
        }

        next(app);
    };
}
