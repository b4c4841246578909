using IsrMiddleware;
using SampleSite.Data;

namespace SampleSite.StaticParams;

/// <summary>Params of <c>/docs/{**path}</c>: every doc, a catch-all value such as <c>guides/deploy/docker</c>.</summary>
public sealed class DocParams(ContentStore content) : IStaticParamsProvider
{
    public ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(content.GetDocPaths().Select(path => new RouteValueDictionary { ["path"] = path }));
}
