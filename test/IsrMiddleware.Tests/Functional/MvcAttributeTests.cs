using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Functional;

public sealed class MvcAttributeTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Mvc_action_with_the_attribute_is_prerendered_with_a_provider_from_DI()
    {
        await using var app = await TestApp.StartAsync(
            (a, _) => a.MapControllers(),
            _cache.Path,
            services: services =>
            {
                services.AddControllers().AddApplicationPart(typeof(ArticlesController).Assembly);
                services.AddSingleton(new ArticleCatalog(["first", "second"]));
            });
        await app.WaitUntilReadyAsync();
        var rendersAfterStartup = app.Renders.Total;

        var known = await app.Client.GetAsync("/articles/second");
        var unknown = await app.Client.GetAsync("/articles/third");

        Assert.Equal(2, rendersAfterStartup);
        Assert.Equal("HIT", known.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("article second", await known.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(rendersAfterStartup, app.Renders.Total);
    }

    public void Dispose() => _cache.Dispose();
}

public sealed record ArticleCatalog(IReadOnlyList<string> Slugs);

public sealed class ArticleParams(ArticleCatalog catalog) : IStaticParamsProvider
{
    public ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(catalog.Slugs.Select(slug => new RouteValueDictionary { ["slug"] = slug }));
}

public sealed class ArticlesController : Controller
{
    [HttpGet("/articles/{slug}")]
    [StaticParams(typeof(ArticleParams), Tags = ["articles"])]
    public IActionResult Show(string slug, [FromServices] RenderCounter renders)
    {
        renders.Record(HttpContext.Request.Path);
        return Content($"article {slug}", "text/plain");
    }
}
