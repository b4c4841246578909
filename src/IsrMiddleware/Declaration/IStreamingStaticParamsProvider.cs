using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware;

/// <summary>
/// A params provider that streams its value sets (for a catalog of a million pages read from a database): each set is
/// checked and bound to its key as it arrives, and only the key is kept. Resolved from dependency injection in a scope
/// of its own, like <see cref="IStaticParamsProvider"/>, and usable wherever one is.
/// </summary>
public interface IStreamingStaticParamsProvider
{
    /// <summary>Streams the value sets this provider contributes, given the parent's values.</summary>
    IAsyncEnumerable<RouteValueDictionary> StreamParamsAsync(StaticParamsContext context, CancellationToken cancellationToken);
}
