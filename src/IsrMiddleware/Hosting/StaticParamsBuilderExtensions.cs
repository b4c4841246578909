using IsrMiddleware;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures what <c>AddStaticParams</c> registered: the durable store, the change feed and the on-demand page ledger.</summary>
public static class StaticParamsBuilderExtensions
{
    /// <summary>Replaces the disk store with <typeparamref name="TStore"/>, resolved from dependency injection as a singleton.</summary>
    public static IStaticParamsBuilder UsePageStore<TStore>(this IStaticParamsBuilder builder)
        where TStore : class, IPageStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IPageStore>(provider => provider.GetRequiredService<TStore>()));
        return builder;
    }

    /// <summary>Replaces the disk store with an instance.</summary>
    public static IStaticParamsBuilder UsePageStore(this IStaticParamsBuilder builder, IPageStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.Replace(ServiceDescriptor.Singleton(store));
        return builder;
    }

    /// <summary>Replaces the in-process change feed with one that reaches every instance sharing the store.</summary>
    public static IStaticParamsBuilder UseChangeFeed<TFeed>(this IStaticParamsBuilder builder)
        where TFeed : class, IPageChangeFeed
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IPageChangeFeed, TFeed>());
        return builder;
    }

    /// <summary>
    /// Replaces the default render lease (which grants every request: single flight holds within a process) with one
    /// that lets one instance at a time render a page across every instance sharing the store.
    /// </summary>
    public static IStaticParamsBuilder UseRenderLease<TLease>(this IStaticParamsBuilder builder)
        where TLease : class, IRenderLease
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRenderLease, TLease>());
        return builder;
    }

    /// <summary>Replaces the default confirmer (this instance only) with one that asks every instance sharing the store.</summary>
    public static IStaticParamsBuilder UseInvalidationConfirmer<TConfirmer>(this IStaticParamsBuilder builder)
        where TConfirmer : class, IInvalidationConfirmer
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IInvalidationConfirmer, TConfirmer>());
        return builder;
    }

    /// <summary>
    /// Replaces the in-process on-demand page ledger with <typeparamref name="TLedger"/> (resolved from dependency
    /// injection as a singleton), such as one that keeps the on-demand caps across every instance sharing the store.
    /// </summary>
    public static IStaticParamsBuilder UseOnDemandPageLedger<TLedger>(this IStaticParamsBuilder builder)
        where TLedger : class, IOnDemandPageLedger
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TLedger>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IOnDemandPageLedger>(provider => provider.GetRequiredService<TLedger>()));
        return builder;
    }
}
