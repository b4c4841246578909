using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;

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

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    public async Task A_background_pre_render_rate_that_is_not_positive_fails_start_up_naming_it(double rate)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/x", () => "x").WithStaticParams(),
            _cache.Path,
            options => options.BackgroundPrerenderPagesPerSecond = rate));

        Assert.Contains($"BackgroundPrerenderPagesPerSecond {rate}", error.Message, StringComparison.Ordinal);
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

    [Fact]
    public async Task Route_parameters_without_a_provider_fail_start_up_naming_the_route_and_the_fix()
    {
        var withRevalidateOnly = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/blog/{slug}", (string slug) => slug).WithRevalidate(TimeSpan.FromMinutes(1)),
            _cache.Path));
        var withNoProvider = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/blog/{slug}", (string slug) => slug).WithStaticParams(),
            _cache.Path));

        foreach (var error in new[] { withRevalidateOnly, withNoProvider })
        {
            Assert.Contains("'/blog/{slug}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("no params provider", error.Message, StringComparison.Ordinal);
            Assert.Contains("WithStaticParams(provider)", error.Message, StringComparison.Ordinal);
            Assert.Contains("UnknownParams.Blocking", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Route_parameters_without_a_provider_render_on_demand_when_the_policy_says_so()
    {
        await using var app = await TestApp.StartAsync(
            (web, _) => web.MapGet("/blog/{slug}", (string slug) => slug).WithStaticParams().WithUnknownParams(UnknownParams.Blocking),
            _cache.Path);
        await app.WaitUntilReadyAsync();

        Assert.Equal("hello", await app.Client.GetStringAsync("/blog/hello"));
    }

    [Fact]
    public async Task Use_static_params_without_add_static_params_names_the_missing_call()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.UseStaticParams());

        Assert.Contains("builder.Services.AddStaticParams()", error.Message, StringComparison.Ordinal);
        Assert.Contains("app.UseStaticParams()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_expire_below_a_route_revalidate_fails_start_up_naming_the_option()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/x", () => "x").WithStaticParams().WithRevalidate(TimeSpan.FromHours(2)),
            _cache.Path,
            options => options.Expire = TimeSpan.FromHours(1)));

        Assert.Contains("StaticParamsOptions.Expire", error.Message, StringComparison.Ordinal);
        Assert.Contains("'/x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_provider_is_reported_with_the_params_it_was_given()
    {
        var top = await Assert.ThrowsAsync<ParamsProviderException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/blog/{slug}", (string slug) => slug)
                .WithStaticParams(IEnumerable<RouteValueDictionary> (_) => throw new InvalidOperationException("content store is down")),
            _cache.Path));
        var child = await Assert.ThrowsAsync<ParamsProviderException>(() => TestApp.StartAsync(
            (app, _) => app.MapGet("/products/{category}/{id}", (string category, string id) => id)
                .WithStaticParams(_ => [new RouteValueDictionary { ["category"] = "tools" }])
                .WithStaticParams(IEnumerable<RouteValueDictionary> (_) => throw new InvalidOperationException("content store is down")),
            _cache.Path));

        Assert.DoesNotContain("{}", top.Message, StringComparison.Ordinal);
        Assert.Contains("content store is down", top.Message, StringComparison.Ordinal);
        Assert.Contains("for the params category=tools", child.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _cache.Dispose();
}
