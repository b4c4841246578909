using IsrMiddleware;
using SampleSite.Data;

namespace SampleSite.StaticParams;

/// <summary>First top-down step of <c>/products/{category}/{id}</c>: every category.</summary>
public sealed class ProductCategoryParams(ContentStore content) : IStaticParamsProvider
{
    public ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(content.GetProductCategories().Select(category => new RouteValueDictionary { ["category"] = category }));
}
