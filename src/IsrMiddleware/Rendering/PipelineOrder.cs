using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;

namespace IsrMiddleware.Rendering;

/// <summary>
/// Where <c>UseStaticParams()</c> sits among the middleware, read from the markers ASP.NET Core's own extension methods
/// leave in <see cref="IApplicationBuilder.Properties"/> (once when it is called, once when the pipeline is built):
/// mistakes stop start-up with a message saying what to do, and renders are told which middleware the live request
/// already passed.
/// </summary>
internal sealed class PipelineOrder(
    StaticRouteResolver resolver,
    IHostEnvironment environment,
    IOptions<StaticParamsOptions> options,
    ILogger<PipelineOrder> logger)
{
    internal const string EndpointRouteBuilderKey = "__EndpointRouteBuilder";
    internal const string GlobalEndpointRouteBuilderKey = "__GlobalEndpointRouteBuilder";
    internal const string AuthorizationSetKey = "__AuthorizationMiddlewareSet";

    // What the framework's middleware leave in HttpContext.Items; EndpointMiddleware refuses an endpoint with the
    // matching metadata when its item is missing.
    internal const string AuthorizationInvokedKey = "__AuthorizationMiddlewareWithEndpointInvoked";
    internal const string AntiforgeryInvokedKey = "__AntiforgeryMiddlewareWithEndpointInvoked";
    internal const string CorsInvokedKey = "__CorsMiddlewareWithEndpointInvoked";

    private static readonly object Invoked = new();

    /// <summary>Whether <c>UseAuthorization()</c> comes after <c>UseStaticParams()</c> (then it runs inside renders).</summary>
    public bool AuthorizationAfter { get; private set; }

    /// <summary>
    /// Runs the app's routing again for a request (used for HEAD: the GET endpoint a static route has); null when the
    /// app has no endpoint routing.
    /// </summary>
    public RequestDelegate? Rematch { get; private set; }

    /// <summary>What is in place when <c>UseStaticParams()</c> is called.</summary>
    public static Positions Capture(IApplicationBuilder app) => new(
        app.Properties.ContainsKey(EndpointRouteBuilderKey),
        app.Properties.ContainsKey(AuthorizationSetKey));

    /// <summary>Checks the finished pipeline; called while it is built, after every <c>Use</c> and <c>Map</c> call.</summary>
    public void Verify(IApplicationBuilder app, Positions before)
    {
        var properties = app.Properties;
        if (!before.Routing && properties.ContainsKey(EndpointRouteBuilderKey))
        {
            throw new InvalidOperationException(
                "app.UseStaticParams() is called before app.UseRouting(): it would see no endpoint and never serve a static page. " +
                "Call app.UseStaticParams() after app.UseRouting() (and after UseAuthentication() and UseAuthorization() if static routes need them).");
        }

        AuthorizationAfter = !before.Authorization && properties.ContainsKey(AuthorizationSetKey);
        if (AuthorizationAfter && resolver.GetAll().FirstOrDefault(candidate => candidate.RequiresAuthorization) is { } route)
        {
            throw new InvalidOperationException(
                $"Static route '{route.DisplayPattern}' requires authorization, but app.UseAuthorization() comes after app.UseStaticParams(): " +
                "its pages would be rendered without a user and served to everyone. Call app.UseAuthentication() and app.UseAuthorization() " +
                "before app.UseStaticParams(), so that only authorized requests reach the cached pages.");
        }

        Rematch = BuildRematch(app);
        if (options.Value.CanonicalOrigin == StaticParamsOptions.DefaultCanonicalOrigin && !environment.IsDevelopment())
        {
            StartupLog.DefaultCanonicalOrigin(logger, environment.EnvironmentName, StaticParamsOptions.DefaultCanonicalOrigin);
        }
    }

    /// <summary>
    /// Marks a render's context with what the live request passed before <c>UseStaticParams()</c>: antiforgery and CORS
    /// (which do nothing more for a GET without an Origin), and authorization unless it runs inside the render.
    /// </summary>
    public void PrepareRender(HttpContext context, StaticRoute route)
    {
        var items = context.Items;
        items[AntiforgeryInvokedKey] = Invoked;
        items[CorsInvokedKey] = Invoked;
        if (!AuthorizationAfter && route.RequiresAuthorization)
        {
            items[AuthorizationInvokedKey] = Invoked;
        }
    }

    /// <summary>
    /// Whether a live request may be answered from the cache: a route that requires authorization only once the
    /// authorization middleware has run for this request (else the endpoint runs, and the framework reports the missing middleware).
    /// </summary>
    public static bool MayServe(HttpContext context, StaticRoute route) =>
        !route.RequiresAuthorization || context.Items.ContainsKey(AuthorizationInvokedKey);

    private static RequestDelegate? BuildRematch(IApplicationBuilder app)
    {
        var routes = app.Properties.TryGetValue(EndpointRouteBuilderKey, out var local) ? local
            : app.Properties.TryGetValue(GlobalEndpointRouteBuilderKey, out var global) ? global
            : null;
        if (routes is not IEndpointRouteBuilder)
        {
            return null;
        }

        var branch = app.New();
        branch.Properties[GlobalEndpointRouteBuilderKey] = routes;
        branch.UseRouting();
        branch.Run(static _ => Task.CompletedTask);
        return branch.Build();
    }

    /// <summary>The markers present when <c>UseStaticParams()</c> was called.</summary>
    internal readonly record struct Positions(bool Routing, bool Authorization);
}
