using IsrMiddleware;
using SampleSite.Data;

namespace SampleSite.StaticParams;

/// <summary>Bottom-up params of <c>/blog/{slug}</c>: every post.</summary>
public sealed class PostParams(ContentStore content) : IStaticParamsProvider
{
    public ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(content.GetPostSlugs().Select(slug => new RouteValueDictionary { ["slug"] = slug }));
}
