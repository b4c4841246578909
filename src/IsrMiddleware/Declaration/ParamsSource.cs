using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Declaration;

/// <summary>One step of a route's params expansion: a provider type from DI or a delegate.</summary>
internal abstract class ParamsSource
{
    public abstract string Name { get; }

    public abstract ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken);

    public static ParamsSource FromType(Type providerType)
    {
        ArgumentNullException.ThrowIfNull(providerType);
        if (!typeof(IStaticParamsProvider).IsAssignableFrom(providerType) || providerType.IsAbstract)
        {
            throw new ArgumentException(
                $"'{providerType.FullName}' is not a concrete type implementing {nameof(IStaticParamsProvider)}.", nameof(providerType));
        }

        return new TypeSource(providerType);
    }

    public static ParamsSource FromDelegate(Func<StaticParamsContext, CancellationToken, ValueTask<IEnumerable<RouteValueDictionary>>> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new DelegateSource(provider);
    }

    private sealed class TypeSource(Type providerType) : ParamsSource
    {
        public override string Name => providerType.Name;

        public override ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken)
        {
            var provider = (IStaticParamsProvider)ActivatorUtilities.GetServiceOrCreateInstance(context.Services, providerType);
            return provider.GetParamsAsync(context, cancellationToken);
        }
    }

    private sealed class DelegateSource(Func<StaticParamsContext, CancellationToken, ValueTask<IEnumerable<RouteValueDictionary>>> provider) : ParamsSource
    {
        public override string Name => "delegate";

        public override ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken)
            => provider(context, cancellationToken);
    }
}
