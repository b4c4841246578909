using IsrMiddleware;
using SampleSite.Data;

namespace SampleSite.StaticParams;

/// <summary>Second top-down step of <c>/products/{category}/{id}</c>: the ids of the parent's category.</summary>
public sealed class ProductIdParams(ContentStore content) : IStaticParamsProvider
{
    public ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var category = context.ParentParams.GetValueOrDefault("category");
        return ValueTask.FromResult(content.GetProductIds(category).Select(id => new RouteValueDictionary { ["id"] = id }));
    }
}
