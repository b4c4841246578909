using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Declaration;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// Binding a page key from route values with the framework's template binder (<c>PageKeyBinder.TryGetKey</c> over a
/// <see cref="RouteValueDictionary"/>: a request path seen for the first time), the same for a request whose path
/// the binder has already bound (<c>TryGetKey</c> over an <see cref="HttpRequest"/>: what a hit pays), and matching a
/// key back into route values (<see cref="PageKeyBinder.Match"/>), done per render.
/// </summary>
/// <remarks>Public and unsealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
public class KeyBindingBenchmarks
{
    private ServiceProvider _services = null!;
    private PageKeyBinder _products = null!;
    private PageKeyBinder _docs = null!;
    private RouteValueDictionary _productValues = null!;
    private RouteValueDictionary _docValues = null!;
    private HttpRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider();
        var binderFactory = _services.GetRequiredService<TemplateBinderFactory>();
        var policyFactory = _services.GetRequiredService<ParameterPolicyFactory>();
        _products = new PageKeyBinder(RoutePatternFactory.Parse("/products/{category}/{id}"), binderFactory, policyFactory);
        _docs = new PageKeyBinder(RoutePatternFactory.Parse("/docs/{**path}"), binderFactory, policyFactory);

        // Route values as the router makes them: strings, plus whatever else the request matched.
        _productValues = new RouteValueDictionary { ["category"] = "tools", ["id"] = "hammer" };
        _docValues = new RouteValueDictionary { ["path"] = "guides/deploy/docker" };
        if (!_products.TryGetKey(_productValues, out var key) || key != "/products/tools/hammer")
        {
            throw new InvalidOperationException($"Unexpected key '{key}'.");
        }

        var context = new DefaultHttpContext();
        context.Request.Path = "/products/tools/hammer";
        context.Request.RouteValues = new RouteValueDictionary(_productValues);
        _request = context.Request;
        if (!_products.TryGetKey(_request, out key) || key != "/products/tools/hammer")
        {
            throw new InvalidOperationException($"Unexpected key '{key}'.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public string TryGetKey_Products()
    {
        _products.TryGetKey(_productValues, out var key);
        return key;
    }

    [Benchmark]
    public string TryGetKey_CatchAll()
    {
        _docs.TryGetKey(_docValues, out var key);
        return key;
    }

    [Benchmark]
    public string TryGetKey_RememberedPath()
    {
        _products.TryGetKey(_request, out var key);
        return key;
    }

    [Benchmark]
    public int Match_Products() => _products.Match("/products/tools/hammer")?.Count ?? 0;
}
