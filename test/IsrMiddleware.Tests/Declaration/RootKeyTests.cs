using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using IsrMiddleware.Declaration;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Declaration;

public sealed class RootKeyTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public void The_root_pattern_binds_the_key_slash_and_matches_it_back()
    {
        using var services = new ServiceCollection().AddRouting().BuildServiceProvider();
        var binder = new PageKeyBinder(
            RoutePatternFactory.Parse("/"),
            services.GetRequiredService<TemplateBinderFactory>(),
            services.GetRequiredService<ParameterPolicyFactory>());

        Assert.True(binder.TryGetKey(new RouteValueDictionary(), out var key));
        Assert.Equal("/", key);
        Assert.NotNull(binder.Match("/"));
        Assert.Null(binder.Validate(new Dictionary<string, string>(), out var validated));
        Assert.Equal("/", validated);
    }

    [Fact]
    public async Task The_root_page_is_declared_logged_served_and_revalidated_as_slash()
    {
        var logs = new FakeLoggerProvider();
        await using var app = await TestApp.StartAsync(
            (web, renders) => web.MapGet("/", () => { renders.Record("/"); return "home"; }).WithStaticParams(),
            _cache.Path,
            services: services => services.AddSingleton<ILoggerProvider>(logs));
        await app.WaitUntilReadyAsync();

        Assert.Equal(["/"], app.Services.GetRequiredService<PageLocator>().DeclaredKeys);
        Assert.Equal("home", await app.Client.GetStringAsync("/"));
        var report = await app.Services.GetRequiredService<IPageRevalidator>().RevalidateAsync([RevalidationTarget.Path("/")]);
        Assert.Equal("/", Assert.Single(report.Pages).Path);
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), record => record.Message.Contains("Rendered  ", StringComparison.Ordinal));
    }

    public void Dispose() => _cache.Dispose();
}
