using System.Net;
using IsrMiddleware.Engine;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Functional;

public sealed class WarmRestartTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private static Action<WebApplication, RenderCounter> Map(Func<Task<string[]>> paths) => (app, renders) =>
        app.MapGet("/docs/{**path}", (string path, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return Results.Content($"<p>{path}</p>", "text/html");
            })
            .WithStaticParams(async (_, _) => (await paths()).Select(path => new RouteValueDictionary { ["path"] = path }))
            .WithUnknownParams(UnknownParams.NotFound);

    private async Task FillAsync(string build, params string[] paths)
    {
        await using var first = await TestApp.StartAsync(Map(() => Task.FromResult(paths)), _cache.Path, options => options.BuildId = build);
        await first.WaitUntilSettledAsync();
    }

    [Fact]
    public async Task Warm_restart_is_ready_and_serves_stored_declared_pages_before_the_provider_returns()
    {
        await FillAsync("b1", "a", "b");
        var gate = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var second = await TestApp.StartAsync(Map(() => gate.Task), _cache.Path, options => options.BuildId = "b1");
        await second.WaitUntilReadyAsync();
        var response = await second.Client.GetAsync("/docs/a");

        Assert.False(gate.Task.IsCompleted);
        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(0, second.Renders.Total);
        gate.SetResult(["a", "b"]);
        await second.WaitUntilSettledAsync();
    }

    [Fact]
    public async Task A_key_outside_the_stored_set_waits_for_the_provider_and_is_rendered_when_it_declares_it()
    {
        await FillAsync("b1", "a");
        var gate = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await TestApp.StartAsync(Map(() => gate.Task), _cache.Path, options => options.BuildId = "b1");
        await second.WaitUntilReadyAsync();

        var pending = second.Client.GetAsync("/docs/new");
        var stored = await second.Client.GetAsync("/docs/a");
        Assert.False(pending.IsCompleted);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        gate.SetResult(["a", "new"]);
        var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<p>new</p>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_key_outside_the_stored_set_is_unknown_once_the_provider_does_not_declare_it()
    {
        await FillAsync("b1", "a");
        var gate = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await TestApp.StartAsync(Map(() => gate.Task), _cache.Path, options => options.BuildId = "b1");
        await second.WaitUntilReadyAsync();

        var pending = second.Client.GetAsync("/docs/other");
        await second.Client.GetAsync("/docs/a");
        Assert.False(pending.IsCompleted);
        gate.SetResult(["a"]);

        Assert.Equal(HttpStatusCode.NotFound, (await pending).StatusCode);
    }

    [Fact]
    public async Task A_waiting_miss_ends_when_its_request_is_aborted()
    {
        await FillAsync("b1", "a");
        var gate = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await TestApp.StartAsync(Map(() => gate.Task), _cache.Path, options => options.BuildId = "b1");
        await second.WaitUntilReadyAsync();
        using var abort = new CancellationTokenSource();

        var pending = second.Client.GetAsync("/docs/other", abort.Token);
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        gate.SetResult(["a"]);
    }

    [Fact]
    public async Task A_key_the_provider_no_longer_declares_stops_being_served_when_the_provider_returns()
    {
        await FillAsync("b1", "a", "b");
        var gate = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await TestApp.StartAsync(Map(() => gate.Task), _cache.Path, options => options.BuildId = "b1");
        await second.WaitUntilReadyAsync();

        var before = await second.Client.GetAsync("/docs/b");
        gate.SetResult(["a"]);
        await second.WaitUntilSettledAsync();
        var after = await second.Client.GetAsync("/docs/b");

        Assert.Equal("HIT", before.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.False(second.Services.GetRequiredService<PageEngine>().IsDeclared("/docs/b"));
    }

    [Fact]
    public async Task A_new_build_runs_the_provider_before_it_is_ready()
    {
        await FillAsync("b1", "a");
        var gate = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = TestApp.StartAsync(Map(() => gate.Task), _cache.Path, options => options.BuildId = "b2");

        Assert.False(starting.IsCompleted);
        gate.SetResult(["a"]);
        await using var second = await starting;
        await second.WaitUntilReadyAsync();
        Assert.Equal(1, second.Renders.Total);
    }

    [Fact]
    public async Task A_missing_index_runs_the_provider_before_it_is_ready()
    {
        await FillAsync("b1", "a");
        foreach (var entry in Directory.EnumerateFileSystemEntries(_cache.Path))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        var gate = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = TestApp.StartAsync(Map(() => gate.Task), _cache.Path, options => options.BuildId = "b1");

        Assert.False(starting.IsCompleted);
        gate.SetResult(["a"]);
        await using var second = await starting;
        await second.WaitUntilReadyAsync();
        Assert.Equal(1, second.Renders.Total);
    }

    public void Dispose() => _cache.Dispose();
}
