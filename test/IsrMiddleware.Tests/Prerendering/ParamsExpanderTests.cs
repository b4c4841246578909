using System.Collections.Concurrent;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Declaration;

namespace IsrMiddleware.Tests.Prerendering;

public sealed class ParamsExpanderTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    /// <summary>Builds (without starting) an app with one static route mapped by <paramref name="map"/>, and expands it.</summary>
    private async Task<IReadOnlyList<string>> ExpandAsync(
        Action<WebApplication> map, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddStaticParams(options => options.CacheDirectory = _cache.Path);
        services?.Invoke(builder.Services);
        await using var app = builder.Build();
        map(app);

        var resolver = app.Services.GetRequiredService<StaticRouteResolver>();
        var route = Assert.Single(
            ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints),
            endpoint => resolver.Resolve(endpoint) is not null);
        var expander = app.Services.GetRequiredService<ParamsExpander>();

        return await expander.ExpandAsync(resolver.Resolve(route)!, CancellationToken.None);
    }

    private static IEnumerable<RouteValueDictionary> Sets(string name, params string[] values) =>
        values.Select(value => new RouteValueDictionary { [name] = value });

    [Fact]
    public async Task Top_down_child_provider_runs_once_per_parent_set_with_its_values()
    {
        var parentsSeen = new ConcurrentQueue<IReadOnlyDictionary<string, string>>();
        var ids = new Dictionary<string, string[]> { ["tools"] = ["hammer", "wrench"], ["books"] = ["novel"] };

        var keys = await ExpandAsync(app => app.MapGet("/products/{category}/{id}", () => "x")
            .WithStaticParams(context =>
            {
                Assert.Empty(context.ParentParams);
                return Sets("category", "tools", "books");
            })
            .WithStaticParams(context =>
            {
                parentsSeen.Enqueue(context.ParentParams.ToDictionary());
                return Sets("id", ids[context.ParentParams["category"]]);
            }));

        Assert.Equal(["/products/tools/hammer", "/products/tools/wrench", "/products/books/novel"], keys);
        Assert.Collection(
            parentsSeen,
            parent => Assert.Equal(new Dictionary<string, string> { ["category"] = "tools" }, parent),
            parent => Assert.Equal(new Dictionary<string, string> { ["category"] = "books" }, parent));
    }

    [Fact]
    public async Task Top_down_provider_receives_the_route_pattern()
    {
        var patterns = new ConcurrentQueue<string>();

        await ExpandAsync(app => app.MapGet("/products/{category}/{id}", () => "x")
            .WithStaticParams(context =>
            {
                patterns.Enqueue(context.RoutePattern);
                return Sets("category", "tools");
            })
            .WithStaticParams(context =>
            {
                patterns.Enqueue(context.RoutePattern);
                return Sets("id", "hammer");
            }));

        Assert.Equal(["/products/{category}/{id}", "/products/{category}/{id}"], patterns);
    }

    [Fact]
    public async Task Bottom_up_provider_returns_every_value_at_once()
    {
        var keys = await ExpandAsync(app => app.MapGet("/products/{category}/{id}", () => "x")
            .WithStaticParams(_ =>
            [
                new RouteValueDictionary { ["category"] = "tools", ["id"] = "hammer" },
                new RouteValueDictionary { ["category"] = "books", ["id"] = "novel" },
            ]));

        Assert.Equal(["/products/tools/hammer", "/products/books/novel"], keys);
    }

    [Fact]
    public async Task Provider_type_is_resolved_with_constructor_injected_services()
    {
        var keys = await ExpandAsync(
            app => app.MapGet("/blog/{slug}", () => "x").WithStaticParams(typeof(CatalogSlugsProvider)),
            services => services.AddSingleton(new Catalog(["first-post", "second-post"])));

        Assert.Equal(["/blog/first-post", "/blog/second-post"], keys);
    }

    [Fact]
    public async Task Duplicate_sets_collapse_to_one_key()
    {
        var keys = await ExpandAsync(app => app.MapGet("/blog/{slug}", () => "x")
            .WithStaticParams(_ => Sets("slug", "a", "b", "a", "b", "a")));

        Assert.Equal(["/blog/a", "/blog/b"], keys);
    }

    [Fact]
    public async Task Provider_that_throws_fails_naming_the_route_pattern()
    {
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ExpandAsync(app => app.MapGet("/blog/{slug}", () => "x")
            .WithStaticParams(IEnumerable<RouteValueDictionary> (_) => throw new FormatException("content folder unreadable"))));

        Assert.Contains("/blog/{slug}", error.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(error.InnerException);
    }

    [Fact]
    public async Task Set_missing_a_value_fails_naming_the_pattern_and_the_values()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExpandAsync(app => app.MapGet("/products/{category}/{id}", () => "x")
            .WithStaticParams(_ => Sets("category", "tools"))));

        Assert.Contains("/products/{category}/{id}", error.Message, StringComparison.Ordinal);
        Assert.Contains("category=tools", error.Message, StringComparison.Ordinal);
        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_with_an_extra_value_fails_naming_the_pattern_and_the_values()
    {
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ExpandAsync(app => app.MapGet("/blog/{slug}", () => "x")
            .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a", ["color"] = "red" }])));

        Assert.Contains("/blog/{slug}", error.Message, StringComparison.Ordinal);
        Assert.Contains("color=red", error.Message, StringComparison.Ordinal);
        Assert.Contains("slug=a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_failing_a_constraint_fails_naming_the_pattern_and_the_value()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExpandAsync(app => app.MapGet("/items/{id:int}", (int id) => id)
            .WithStaticParams(_ => Sets("id", "1", "abc"))));

        Assert.Contains("/items/{id:int}", error.Message, StringComparison.Ordinal);
        Assert.Contains("id=abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_without_provider_or_parameters_declares_exactly_one_page()
    {
        var keys = await ExpandAsync(app => app.MapGet("/about", () => "x").WithStaticParams());

        Assert.Equal(["/about"], keys);
    }

    [Fact]
    public async Task Route_with_parameters_but_no_provider_declares_no_page_when_it_renders_on_demand()
    {
        var keys = await ExpandAsync(app => app.MapGet("/blog/{slug}", () => "x").WithStaticParams().WithUnknownParams(UnknownParams.Blocking));

        Assert.Empty(keys);
    }

    [Fact]
    public async Task Route_with_parameters_but_no_provider_and_the_not_found_policy_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExpandAsync(app => app.MapGet("/blog/{slug}", () => "x").WithStaticParams()));

        Assert.Contains("no params provider", error.Message, StringComparison.Ordinal);
    }

    internal sealed class Catalog(IReadOnlyList<string> slugs)
    {
        public IReadOnlyList<string> Slugs { get; } = slugs;
    }

    internal sealed class CatalogSlugsProvider(Catalog catalog) : IStaticParamsProvider
    {
        public ValueTask<IEnumerable<RouteValueDictionary>> GetParamsAsync(StaticParamsContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Sets("slug", [.. catalog.Slugs]));
    }
}
