using IsrMiddleware;
using Microsoft.AspNetCore.Routing;
using IsrMiddleware.Declaration;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Declares minimal-API endpoints as static routes.</summary>
public static class StaticRouteEndpointConventionBuilderExtensions
{
    /// <summary>Declares the endpoint a static route whose params come from the given provider types, in segment order.</summary>
    public static TBuilder WithStaticParams<TBuilder>(this TBuilder builder, params Type[] providerTypes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(providerTypes);
        if (providerTypes.Length == 0)
        {
            return builder.WithStaticMetadata(new StaticRouteMetadata());
        }

        foreach (var type in providerTypes)
        {
            builder.WithStaticMetadata(new StaticRouteMetadata { Source = ParamsSource.FromType(type) });
        }

        return builder;
    }

    /// <summary>Declares the endpoint a static route and adds an asynchronous params provider as its next segment step.</summary>
    public static TBuilder WithStaticParams<TBuilder>(
        this TBuilder builder,
        Func<StaticParamsContext, CancellationToken, ValueTask<IEnumerable<RouteValueDictionary>>> provider)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithStaticMetadata(new StaticRouteMetadata { Source = ParamsSource.FromDelegate(provider) });
    }

    /// <summary>
    /// Declares the endpoint a static route and adds a streaming params provider as its next segment step: each value
    /// set is checked and bound to its key as it arrives, so a million sets never sit in one list.
    /// </summary>
    public static TBuilder WithStaticParams<TBuilder>(
        this TBuilder builder,
        Func<StaticParamsContext, CancellationToken, IAsyncEnumerable<RouteValueDictionary>> provider)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithStaticMetadata(new StaticRouteMetadata { Source = ParamsSource.FromStream(provider) });
    }

    /// <summary>Declares the endpoint a static route and adds a synchronous params provider as its next segment step.</summary>
    public static TBuilder WithStaticParams<TBuilder>(
        this TBuilder builder,
        Func<StaticParamsContext, IEnumerable<RouteValueDictionary>> provider)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        return builder.WithStaticParams((context, _) => ValueTask.FromResult(provider(context)));
    }

    /// <summary>Sets what the static route does for params that were not pre-rendered.</summary>
    public static TBuilder WithUnknownParams<TBuilder>(this TBuilder builder, UnknownParams policy)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown UnknownParams value.");
        }

        return builder.WithStaticMetadata(new StaticRouteMetadata { UnknownParams = policy });
    }

    /// <summary>Sets the age after which the route's pages are stale; <see cref="Timeout.InfiniteTimeSpan"/> means never.</summary>
    public static TBuilder WithRevalidate<TBuilder>(this TBuilder builder, TimeSpan revalidate)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (revalidate <= TimeSpan.Zero && revalidate != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(revalidate), revalidate, "Revalidate must be positive, or Timeout.InfiniteTimeSpan for never.");
        }

        return builder.WithStaticMetadata(new StaticRouteMetadata { Revalidate = revalidate });
    }

    /// <summary>
    /// Sets the age after which the route's pages are stale, and the age after which they are never served again
    /// (Next.js's <c>cacheLife</c> revalidate and expire); <paramref name="expire"/> must exceed <paramref name="revalidate"/>.
    /// </summary>
    public static TBuilder WithRevalidate<TBuilder>(this TBuilder builder, TimeSpan revalidate, TimeSpan expire)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (revalidate <= TimeSpan.Zero && revalidate != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(revalidate), revalidate, "Revalidate must be positive, or Timeout.InfiniteTimeSpan for never.");
        }

        if (expire <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expire), expire, "Expire must be positive.");
        }

        return builder.WithStaticMetadata(new StaticRouteMetadata { Revalidate = revalidate, Expire = expire });
    }

    /// <summary>Adds tags carried by every page of the static route.</summary>
    public static TBuilder WithCacheTags<TBuilder>(this TBuilder builder, params string[] tags)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var tag in tags)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(tag, nameof(tags));
        }

        return builder.WithStaticMetadata(new StaticRouteMetadata { Tags = [.. tags] });
    }

    /// <summary>Applies a named <see cref="StaticRouteProfile"/> for the settings not declared on the route.</summary>
    public static TBuilder WithStaticProfile<TBuilder>(this TBuilder builder, string profile)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        return builder.WithStaticMetadata(new StaticRouteMetadata { Profile = profile });
    }

    private static TBuilder WithStaticMetadata<TBuilder>(this TBuilder builder, StaticRouteMetadata metadata)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
