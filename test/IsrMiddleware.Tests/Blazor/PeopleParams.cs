using Microsoft.AspNetCore.Routing;

namespace IsrMiddleware.Tests.Blazor;

/// <summary>Declares people a and b.</summary>
public sealed class PeopleParams : IStaticParamsProvider
{
    public ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new[] { "a", "b" }.Select(slug => new RouteValueDictionary { ["slug"] = slug }));
}
