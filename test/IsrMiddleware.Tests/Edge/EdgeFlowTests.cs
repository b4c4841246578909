using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Tests.Edge;

/// <summary>Surrogate keys on served pages, and what the cache reports to the edge after revalidations and renders.</summary>
public sealed class EdgeFlowTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();
    private readonly RecordingInvalidator _edge = new();

    [Fact]
    public async Task Served_pages_carry_their_path_key_and_tags_in_every_configured_header()
    {
        await using var app = await StartAsync(options => options.Edge.SurrogateKeyHeaders = ["Surrogate-Key", "Cache-Tag", "xkey"]);

        using var hit = await app.Client.GetAsync("/items/a");
        using var miss = await app.Client.GetAsync("/items/new");
        using var notFound = await app.Client.GetAsync("/elsewhere");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/items/a");
        conditional.Headers.IfNoneMatch.Add(hit.Headers.ETag!);
        using var notModified = await app.Client.SendAsync(conditional);

        var expected = $"{SurrogateKeys.ForPath("/items/a")} items item:a";
        Assert.Equal("HIT", Header(hit, "X-Isr-Cache"));
        Assert.Equal(expected, Header(hit, "Surrogate-Key"));
        Assert.Equal(expected, Header(hit, "xkey"));
        Assert.Equal(expected.Replace(' ', ','), Header(hit, "Cache-Tag"));
        Assert.Equal("MISS", Header(miss, "X-Isr-Cache"));
        Assert.Equal($"{SurrogateKeys.ForPath("/items/new")} items item:new", Header(miss, "Surrogate-Key"));
        Assert.Null(Header(notFound, "Surrogate-Key"));
        Assert.Equal(System.Net.HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(expected, Header(notModified, "Surrogate-Key"));
    }

    [Fact]
    public async Task Pages_carry_no_surrogate_key_header_unless_configured()
    {
        await using var app = await StartAsync();

        using var hit = await app.Client.GetAsync("/items/a");

        Assert.DoesNotContain(hit.Headers, header => header.Key is "Surrogate-Key" or "Cache-Tag" or "xkey");
    }

    [Fact]
    public async Task Keys_past_the_size_cap_are_left_out_with_one_warning_per_page()
    {
        var logs = new FakeLoggerProvider();
        var tags = Enumerable.Range(0, 30).Select(i => $"many-tags-{i:D2}").ToArray();
        await using var app = await TestApp.StartAsync(
            (web, _) => web.MapGet("/tagged/{id}", (HttpContext context) =>
                {
                    context.AddCacheTags(tags);
                    return Results.Content("<p>tagged</p>", "text/html");
                })
                .WithStaticParams(_ => [new RouteValueDictionary { ["id"] = "1" }]),
            _cache.Path,
            options =>
            {
                options.Edge.SurrogateKeyHeaders = ["Surrogate-Key"];
                options.Edge.MaxSurrogateKeyHeaderLength = 200;
            },
            services => services.AddSingleton<ILoggerProvider>(logs));
        await app.WaitUntilReadyAsync();

        using var first = await app.Client.GetAsync("/tagged/1");
        using var second = await app.Client.GetAsync("/tagged/1");

        var keys = Header(first, "Surrogate-Key")!;
        Assert.InRange(keys.Length, 150, 200);
        Assert.StartsWith(SurrogateKeys.ForPath("/tagged/1") + " many-tags-00 ", keys, StringComparison.Ordinal);
        Assert.Equal(keys, Header(second, "Surrogate-Key"));
        var warning = Assert.Single(logs.Collector.GetSnapshot(), entry => entry.Id.Id == 800);
        Assert.Contains("/tagged/1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("200 characters", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_pre_render_eager_and_lazy_revalidations_and_removals_reach_the_invalidator()
    {
        await using var app = await StartAsync();
        await UntilAsync(() => Sent(_edge, "/items/a", "/items/b", "/items/c"));
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();

        _edge.Calls.Clear();
        _backend.Version = "v2";
        await revalidator.RevalidatePathAsync("/items/a", RevalidationMode.Eager);
        await UntilAsync(() => Sent(_edge, "/items/a"));

        _edge.Calls.Clear();
        await revalidator.RevalidateTagAsync("items");
        await UntilAsync(() => _edge.AllKeys.Contains("items"));
        Assert.Equal(["/items/a", "/items/b", "/items/c"], _edge.Calls.SelectMany(call => call.Paths).Distinct().Order());

        _edge.Calls.Clear();
        _backend.Missing["b"] = 0;
        await revalidator.RevalidatePathAsync("/items/b", RevalidationMode.Eager);
        await UntilAsync(() => Sent(_edge, "/items/b"));
        Assert.DoesNotContain(_edge.AllKeys, key => key == SurrogateKeys.ForPath("/items/a"));
    }

    [Fact]
    public void Builder_registers_invalidators_and_varnish_adds_the_xkey_header()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddStaticParams()
            .AddVarnishInvalidator(new Uri("http://127.0.0.1:6081/"))
            .AddWebhookInvalidator(new Uri("http://127.0.0.1:9/hook"))
            .AddEdgeInvalidator<RecordingInvalidator>();
        using var host = builder.Build();
        var provider = host.Services;

        var invalidators = provider.GetServices<IEdgeInvalidator>().Select(invalidator => invalidator.GetType().Name).ToArray();

        Assert.Equal(["VarnishInvalidator", "WebhookInvalidator", "RecordingInvalidator"], invalidators);
        Assert.Equal(["xkey"], provider.GetRequiredService<IOptions<StaticParamsOptions>>().Value.Edge.SurrogateKeyHeaders);
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddStaticParams().AddVarnishInvalidator(new Uri("ftp://127.0.0.1/")));
        Assert.Contains("ftp://127.0.0.1/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_edge_options_fail_start_up_naming_the_value()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(options =>
        {
            options.Edge.SurrogateKeyHeaders = ["Surrogate Key"];
            options.Edge.MaxKeysPerCall = 0;
        }));

        Assert.Contains("'Surrogate Key'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxKeysPerCall 0", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _cache.Dispose();

    private async Task<TestApp> StartAsync(Action<StaticParamsOptions>? configure = null)
    {
        var app = await _backend.StartAsync(
            _cache.Path,
            options =>
            {
                options.Edge.CoalescingWindow = TimeSpan.Zero;
                options.Edge.Retry.MaxRetryAttempts = 0;
                configure?.Invoke(options);
            },
            services: services => services.AddSingleton<IEdgeInvalidator>(_edge));
        await app.WaitUntilReadyAsync();
        return app;
    }

    private static bool Sent(RecordingInvalidator edge, params string[] paths) =>
        paths.All(path => edge.AllKeys.Contains(SurrogateKeys.ForPath(path)) && edge.Calls.Any(call => call.Paths.Contains(path)));

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "The edge invalidator was not called as expected within 10 s.");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
