using IsrMiddleware;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using IsrMiddleware.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes Redis the durable tier shared by every instance: store, change feed, render lease, on-demand caps, health check.</summary>
public static class RedisStaticParamsBuilderExtensions
{
    /// <summary>
    /// Stores pages, the sequence and invalidation records in Redis, announces changes to every instance through
    /// Redis pub/sub, lets one instance render a page at a time, confirms revalidations with every live instance, keeps
    /// <see cref="StaticParamsOptions.MaxOnDemandPages"/> and <see cref="StaticParamsOptions.MaxOnDemandBytes"/> for all
    /// instances together, shares the pages' hit counts (the busiest are pre-rendered first), and registers the health check
    /// <c>static-params-redis</c> (degraded while Redis cannot be reached).
    /// </summary>
    public static IStaticParamsBuilder AddRedisStore(this IStaticParamsBuilder builder, Action<RedisStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(builder, configure, multiplexer: null);
    }

    /// <summary>
    /// As <see cref="AddRedisStore(IStaticParamsBuilder, Action{RedisStoreOptions})"/>, over a connection the app already
    /// has (it is not disposed). Configure it with <c>BacklogPolicy.FailFast</c> and <c>AbortOnConnectFail = false</c>,
    /// as the store does with its own: a backlog would hold writes made while Redis is away and replay them into a
    /// Redis that may have lost its data meanwhile, and would make requests wait on an outage instead of failing fast.
    /// </summary>
    public static IStaticParamsBuilder AddRedisStore(this IStaticParamsBuilder builder, IConnectionMultiplexer multiplexer, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(multiplexer);
        return Add(builder, configure, multiplexer);
    }

    private static IStaticParamsBuilder Add(IStaticParamsBuilder builder, Action<RedisStoreOptions>? configure, IConnectionMultiplexer? multiplexer)
    {
        var services = builder.Services;
        var options = services.AddOptions<RedisStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStoreOptions>>(new RedisStoreOptionsValidator(multiplexer is not null)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new RedisConnection(
            provider.GetRequiredService<IOptions<RedisStoreOptions>>(), provider.GetRequiredService<IOptions<StaticParamsOptions>>(), multiplexer));
        services.TryAddSingleton<RedisPageTraffic>();
        services.TryAddSingleton<RedisPageStore>();
        services.TryAddSingleton<RedisPageChangeFeed>();
        services.TryAddSingleton<RedisRenderLease>();
        services.TryAddSingleton<RedisInstanceRegistry>();
        services.TryAddSingleton<RedisInvalidationConfirmer>();
        services.TryAddSingleton<RedisOnDemandPageLedger>();
        builder.UsePageStore<RedisPageStore>();
        builder.UseOnDemandPageLedger<RedisOnDemandPageLedger>();
        services.Replace(ServiceDescriptor.Singleton<IRenderLease>(provider => provider.GetRequiredService<RedisRenderLease>()));
        services.Replace(ServiceDescriptor.Singleton<IPageChangeFeed>(provider => provider.GetRequiredService<RedisPageChangeFeed>()));
        services.Replace(ServiceDescriptor.Singleton<IInvalidationConfirmer>(provider => provider.GetRequiredService<RedisInvalidationConfirmer>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisPresenceService>());
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(RedisHealthCheck)))
        {
            services.AddSingleton<RedisHealthCheck>();
            services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, Diagnostics.HealthChecks.HealthStatus.Degraded);
        }

        return builder;
    }
}
