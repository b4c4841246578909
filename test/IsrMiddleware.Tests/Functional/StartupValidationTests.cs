using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Tests.Functional;

public sealed class StartupValidationTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private Task<TestApp> StartWithAsync(string pattern, params RouteValueDictionary[] sets) =>
        TestApp.StartAsync((app, _) => app.MapGet(pattern, () => "x").WithStaticParams(_ => sets), _cache.Path);

    [Fact]
    public async Task Provider_output_missing_a_value_fails_start_up_naming_route_and_values()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartWithAsync("/products/{category}/{id}", new RouteValueDictionary { ["category"] = "tools" }));

        Assert.Contains("/products/{category}/{id}", error.Message, StringComparison.Ordinal);
        Assert.Contains("category=tools", error.Message, StringComparison.Ordinal);
        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_output_with_an_extra_value_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartWithAsync("/blog/{slug}", new RouteValueDictionary { ["slug"] = "a", ["lang"] = "en" }));

        Assert.Contains("/blog/{slug}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'lang'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_output_failing_a_constraint_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartWithAsync("/orders/{id:int}", new RouteValueDictionary { ["id"] = "abc" }));

        Assert.Contains("/orders/{id:int}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'abc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("int", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_fail_start_up_naming_the_value()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/x", () => "x").WithStaticParams(),
            _cache.Path,
            options => options.PrerenderParallelism = 0));

        Assert.Contains("PrerenderParallelism 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_resilience_options_fail_start_up_not_the_first_background_render()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/x", () => "x").WithStaticParams(),
            _cache.Path,
            options => options.RenderCircuitBreaker.FailureRatio = 3));

        Assert.Contains("RenderCircuitBreaker", error.Message, StringComparison.Ordinal);
        Assert.Contains("FailureRatio", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_expire_not_longer_than_its_revalidate_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/x", () => "x").WithStaticParams(),
            _cache.Path,
            options => options.AddProfile("p", profile =>
            {
                profile.Revalidate = TimeSpan.FromMinutes(5);
                profile.Expire = TimeSpan.FromMinutes(1);
            })));

        Assert.Contains("Profile 'p'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_profile_fails_start_up_naming_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/x", () => "x").WithStaticParams().WithStaticProfile("nope"),
            _cache.Path));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _cache.Dispose();
}
