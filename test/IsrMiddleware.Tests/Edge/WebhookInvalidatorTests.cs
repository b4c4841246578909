using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using IsrMiddleware.Hosting;

namespace IsrMiddleware.Tests.Edge;

/// <summary>The webhook invalidator against a real receiver on 127.0.0.1; the coalescing window and retries on a fake clock.</summary>
public sealed class WebhookInvalidatorTests : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();

    [Fact]
    public async Task Revalidations_within_one_window_reach_the_receiver_as_one_post()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAsync(receiver);
        var revalidator = app.Services.GetRequiredService<IPageRevalidator>();

        using (await app.Client.GetAsync("/items/c")) // rendered and stored: a page change
        {
        }

        await revalidator.RevalidatePathAsync("/items/a");
        await revalidator.RevalidatePathAsync("/items/b");
        await revalidator.RevalidateTagAsync("item:c");
        await revalidator.RevalidateTagAsync("items");
        await AdvanceUntilAsync(() => receiver.Requests >= 1);
        for (var i = 0; i < 5; i++)
        {
            _backend.Time.Advance(Window);
            await Task.Delay(20);
        }

        var post = Assert.Single(receiver.Received);
        Assert.Equal(
            [SurrogateKeys.ForPath("/items/c"), SurrogateKeys.ForPath("/items/a"), SurrogateKeys.ForPath("/items/b"), "item:c", "items"],
            post.Keys);
        Assert.Equal(["/items/c", "/items/a", "/items/b"], post.Paths);
        Assert.Equal("Bearer test-token", post.Authorization);
        Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_receiver_gets_the_same_batch_again_until_it_accepts_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        await using var app = await StartAsync(receiver);

        await app.Services.GetRequiredService<IPageRevalidator>().RevalidateTagAsync("item:a");
        await AdvanceUntilAsync(() => receiver.Requests >= 3);
        for (var i = 0; i < 5; i++)
        {
            _backend.Time.Advance(Window);
            await Task.Delay(20);
        }

        Assert.Equal(3, receiver.Requests);
        Assert.All(receiver.Received, post => Assert.Equal(["item:a"], post.Keys));
    }

    public void Dispose() => _cache.Dispose();

    private async Task<TestApp> StartAsync(WebhookReceiver receiver)
    {
        var app = await _backend.StartAsync(
            _cache.Path,
            options =>
            {
                options.SkipPrerender = true; // nothing stored at start-up: the only changes are the test's
                options.Edge.CoalescingWindow = Window;
                options.Edge.Retry = new() { MaxRetryAttempts = 3, Delay = Window, BackoffType = DelayBackoffType.Constant, UseJitter = false };
            },
            services: services => new StaticParamsBuilder(services).AddWebhookInvalidator(receiver.Url, webhook => webhook.Headers["Authorization"] = "Bearer test-token"));
        await app.WaitUntilReadyAsync();
        return app;
    }

    /// <summary>Moves the fake clock a window at a time until the condition holds (bounded in steps and real time).</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var i = 0; i < 400 && !condition() && DateTime.UtcNow < deadline; i++)
        {
            _backend.Time.Advance(Window);
            await Task.Delay(50);
        }

        Assert.True(condition(), "The receiver did not get the expected posts within 400 windows / 20 s.");
    }
}
