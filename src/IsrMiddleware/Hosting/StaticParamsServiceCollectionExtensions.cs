using IsrMiddleware;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Access;
using IsrMiddleware.Declaration;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Edge;
using IsrMiddleware.Engine;
using IsrMiddleware.Holes;
using IsrMiddleware.Hosting;
using IsrMiddleware.Prerendering;
using IsrMiddleware.Preview;
using IsrMiddleware.Rendering;
using IsrMiddleware.Revalidation;
using IsrMiddleware.Serving;
using IsrMiddleware.Store;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers static params: pre-rendering, the page tiers and the serving middleware's services.</summary>
public static class StaticParamsServiceCollectionExtensions
{
    /// <summary>
    /// Adds static params. Pair with <c>app.UseStaticParams()</c> after <c>UseRouting()</c>, and declare routes with
    /// <c>WithStaticParams</c> or <see cref="StaticParamsAttribute"/>. Registers the readiness health check
    /// <c>static-params-prerender</c>.
    /// </summary>
    public static IStaticParamsBuilder AddStaticParams(this IServiceCollection services, Action<StaticParamsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<StaticParamsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(descriptor => descriptor.ServiceType == typeof(StaticParamsMarker)))
        {
            // Called again (say, to reach the builder): options compose, services are registered once.
            return new StaticParamsBuilder(services);
        }

        services.AddSingleton<StaticParamsMarker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StaticParamsOptions>, StaticParamsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<StaticParamsOptions>, StaticParamsOptionsSetup>());

        services.AddRouting();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StaticParamsMode>();
        services.TryAddSingleton<RenderPipeline>();
        services.TryAddSingleton<PipelineOrder>();
        services.TryAddSingleton<UncacheablePages>();
        services.TryAddSingleton<StaticRouteResolver>();
        services.TryAddSingleton<ParamsExpander>();
        services.TryAddSingleton<DeclaredPages>();
        services.TryAddSingleton<PrerenderState>();
        services.TryAddSingleton<RenderRecorder>();
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<Precompressor>();
        services.TryAddSingleton(provider =>
        {
            var memory = ActivatorUtilities.CreateInstance<MemoryPageCache>(provider);
            provider.GetRequiredService<IsrMetrics>().ObserveMemoryTier(() => memory.Count, () => memory.EstimatedBytes);
            return memory;
        });
        services.TryAddSingleton<DiskPageStore>();
        services.TryAddSingleton<IPageStore>(provider => provider.GetRequiredService<DiskPageStore>());
        services.TryAddSingleton<IPageChangeFeed, InProcessPageChangeFeed>();
        services.TryAddSingleton<PageCache>();
        services.TryAddSingleton<BuildIdentity>();
        services.TryAddSingleton<InvalidationTable>();
        services.TryAddSingleton<PageFreshness>();
        services.TryAddSingleton<PageVersions>();
        services.TryAddSingleton<StartupEnumeration>();
        services.TryAddSingleton<ProviderRecovery>();
        services.TryAddSingleton<NotFoundMarkers>();
        services.TryAddSingleton<OnDemandPages>();
        services.TryAddSingleton<IOnDemandPageLedger>(provider => provider.GetRequiredService<OnDemandPages>());
        services.TryAddSingleton<OnDemandCaps>();
        services.TryAddSingleton<IRenderLease, InProcessRenderLease>();
        services.TryAddSingleton<IInvalidationConfirmer, InProcessInvalidationConfirmer>();
        services.TryAddSingleton<RenderLeases>();
        services.TryAddSingleton<PageGenerator>();
        services.TryAddSingleton<FallbackShells>();
        services.TryAddSingleton<PageServer>();
        services.TryAddSingleton<HoleRegistry>();
        services.TryAddSingleton<HoleRunner>();
        services.TryAddSingleton<HoleMarkup>();
        services.TryAddSingleton<HoleEndpointAddress>();
        services.TryAddSingleton<HoleEndpointHandler>();
        services.TryAddSingleton<HolePageWriter>();
        services.TryAddSingleton<PageLocator>();
        services.TryAddSingleton<PageMemories>();
        services.TryAddSingleton<GenerationOutcomes>();
        services.TryAddSingleton<PageRevalidator>();
        services.TryAddSingleton<OnDemandRenderLimiter>();
        services.TryAddSingleton<PageEngine>();
        services.TryAddSingleton<DeclaredSetRefresher>();
        services.AddHostedService<DeclaredSetRefreshService>();
        services.TryAddSingleton<BotDetector>();
        services.TryAddSingleton<DevelopmentRequests>();
        services.TryAddSingleton<RenderResilience>();
        services.TryAddSingleton<FailureBackoff>();
        services.TryAddSingleton<IsrMetrics>();
        services.TryAddSingleton<PageActivity>();
        services.TryAddSingleton<CircuitStates>();
        services.TryAddSingleton<EagerRegenerations>();
        services.TryAddSingleton<IPageRevalidator>(provider => provider.GetRequiredService<PageEngine>());
        services.TryAddSingleton<SecretGuard>();
        services.TryAddSingleton<RevalidateEndpointHandler>();
        services.AddMetrics();
        EdgeServices.Add(services);
        services.TryAddSingleton<SurrogateKeyHeaderWriter>();
        services.TryAddSingleton<PreviewCookie>();
        services.TryAddSingleton<PreviewRequests>();
        services.TryAddSingleton<PreviewEndpointHandler>();
        services.TryAddSingleton<StartupChecks>();
        services.AddHostedService<StartupChecksService>();
        services.AddHostedService<PrerenderService>();
        services.AddHealthChecks().AddCheck<PrerenderHealthCheck>(PrerenderHealthCheck.Name);

        return new StaticParamsBuilder(services);
    }
}
