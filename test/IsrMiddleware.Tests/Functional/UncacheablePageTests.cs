using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Functional;

public sealed class UncacheablePageTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLoggerProvider _logs = new();

    private Task<TestApp> StartAsync() => TestApp.StartAsync(
        (app, renders) =>
        {
            app.MapGet("/forms/{slug}", (string slug, HttpContext context) =>
                {
                    renders.Record(context.Request.Path);
                    context.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                    return Results.Content($"<form>{slug}</form>", "text/html");
                })
                .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }])
                .WithUnknownParams(UnknownParams.Blocking);
        },
        _cache.Path,
        options => options.UncacheableLifetime = TimeSpan.FromMinutes(5),
        services: services => services.AddSingleton<TimeProvider>(_time),
        logs: _logs);

    [Fact]
    public async Task Uncacheable_page_costs_one_render_per_request_and_one_log_line()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();
        var afterStartup = app.Renders.For("/forms/a");

        for (var i = 0; i < 5; i++)
        {
            var response = await app.Client.GetAsync("/forms/a");
            Assert.Equal("<form>a</form>", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.Contains("X-Isr-Cache"));
            Assert.True(response.Headers.Contains("Set-Cookie"));
        }

        Assert.Equal(1, afterStartup);
        Assert.Equal(afterStartup + 5, app.Renders.For("/forms/a"));
        var lines = _logs.Collector.GetSnapshot().Where(entry => entry.Id.Id == 500).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("/forms/a", line.Message, StringComparison.Ordinal);
        Assert.Contains("sets a cookie", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), entry => entry.Id.Id == 201);
    }

    [Fact]
    public async Task The_log_line_names_the_cookie_that_made_the_page_uncacheable()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        var line = Assert.Single(_logs.Collector.GetSnapshot(), entry => entry.Id.Id == 500);

        Assert.Contains("sets a cookie (session)", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verdict_expires_and_an_undeclared_key_is_remembered_too_without_a_second_log_line()
    {
        await using var app = await StartAsync();
        await app.WaitUntilReadyAsync();

        await app.Client.GetAsync("/forms/b"); // capture render + live render
        await app.Client.GetAsync("/forms/b"); // live render only
        _time.Advance(TimeSpan.FromMinutes(6));
        await app.Client.GetAsync("/forms/b"); // tried again: capture render + live render

        Assert.Equal(5, app.Renders.For("/forms/b"));
        Assert.Single(_logs.Collector.GetSnapshot(), entry => entry.Id.Id == 500 && entry.Message.Contains("/forms/b", StringComparison.Ordinal));
    }

    public void Dispose() => _cache.Dispose();
}
