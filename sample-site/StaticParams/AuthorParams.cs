using IsrMiddleware;
using SampleSite.Data;

namespace SampleSite.StaticParams;

/// <summary>Bottom-up params of the Blazor page <c>/authors/{slug}</c>: every author.</summary>
public sealed class AuthorParams(ContentStore content) : IStaticParamsProvider
{
    public ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(content.GetAuthorSlugs().Select(slug => new RouteValueDictionary { ["slug"] = slug }));
}
