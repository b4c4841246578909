using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Declaration;

/// <summary>One step of a route's params expansion: a provider type from DI or a delegate, read as a stream.</summary>
internal abstract class ParamsSource
{
    public abstract string Name { get; }

    public abstract IAsyncEnumerable<RouteValueDictionary> StreamAsync(StaticParamsContext context, CancellationToken cancellationToken);

    public static ParamsSource FromType(Type providerType)
    {
        ArgumentNullException.ThrowIfNull(providerType);
        if (providerType.IsAbstract
            || !(typeof(IStaticParamsProvider).IsAssignableFrom(providerType) || typeof(IStreamingStaticParamsProvider).IsAssignableFrom(providerType)))
        {
            throw new ArgumentException(
                $"'{providerType.FullName}' is not a concrete type implementing {nameof(IStaticParamsProvider)} or {nameof(IStreamingStaticParamsProvider)}.",
                nameof(providerType));
        }

        return new TypeSource(providerType);
    }

    public static ParamsSource FromDelegate(Func<StaticParamsContext, CancellationToken, ValueTask<IEnumerable<RouteValueDictionary>>> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new DelegateSource((context, cancellationToken) => Stream(() => provider(context, cancellationToken), cancellationToken));
    }

    public static ParamsSource FromStream(Func<StaticParamsContext, CancellationToken, IAsyncEnumerable<RouteValueDictionary>> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new DelegateSource((context, cancellationToken) => Defer(() => provider(context, cancellationToken), cancellationToken));
    }

    /// <summary>A provider's list (or lazy sequence) read one set at a time; the provider runs (and may throw) on the first read.</summary>
    private static async IAsyncEnumerable<RouteValueDictionary> Stream(
        Func<ValueTask<IEnumerable<RouteValueDictionary>>> provider, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var set in await provider().ConfigureAwait(false) ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return set;
        }
    }

    /// <summary>A provider's stream, opened (so it may throw) on the first read.</summary>
    private static async IAsyncEnumerable<RouteValueDictionary> Defer(
        Func<IAsyncEnumerable<RouteValueDictionary>> open, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var set in open().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return set;
        }
    }

    private sealed class TypeSource(Type providerType) : ParamsSource
    {
        public override string Name => providerType.Name;

        public override IAsyncEnumerable<RouteValueDictionary> StreamAsync(StaticParamsContext context, CancellationToken cancellationToken) =>
            Defer(() => Open(ActivatorUtilities.GetServiceOrCreateInstance(context.Services, providerType), context, cancellationToken), cancellationToken);

        private static IAsyncEnumerable<RouteValueDictionary> Open(object provider, StaticParamsContext context, CancellationToken cancellationToken) =>
            provider is IStreamingStaticParamsProvider streaming
                ? streaming.StreamParamsAsync(context, cancellationToken)
                : Stream(() => ((IStaticParamsProvider)provider).GetParamsAsync(context, cancellationToken), cancellationToken);
    }

    private sealed class DelegateSource(Func<StaticParamsContext, CancellationToken, IAsyncEnumerable<RouteValueDictionary>> provider) : ParamsSource
    {
        public override string Name => "delegate";

        public override IAsyncEnumerable<RouteValueDictionary> StreamAsync(StaticParamsContext context, CancellationToken cancellationToken)
            => provider(context, cancellationToken);
    }
}
