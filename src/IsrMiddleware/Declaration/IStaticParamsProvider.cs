using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware;

/// <summary>
/// Returns the sets of route values to pre-render for a static route (Next.js's <c>generateStaticParams</c>).
/// Resolved from dependency injection in a scope of its own.
/// </summary>
/// <remarks>
/// A route may declare several providers, one per segment (top-down): the first runs once, each
/// following provider runs once per set produced so far and receives it as
/// <see cref="StaticParamsContext.ParentParams"/>. A single provider returning every value is bottom-up.
/// A catch-all value (<c>{**path}</c>) may hold several segments separated by <c>/</c>.
/// </remarks>
public interface IStaticParamsProvider
{
    /// <summary>Returns the value sets this provider contributes, given the parent's values.</summary>
    ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken);
}
