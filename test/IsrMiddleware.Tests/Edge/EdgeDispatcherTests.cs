using Polly;

namespace IsrMiddleware.Tests.Edge;

public sealed class EdgeDispatcherTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Changes_within_one_window_are_sent_as_one_call_of_distinct_keys_and_paths()
    {
        await using var edge = new EdgeDispatcherHarness(options => options.CoalescingWindow = Window);
        await edge.StartAsync();

        edge.Queue.PageChanged("/a", null, Page("/a", "\"1\""));
        edge.Queue.PageChanged("/b", Page("/b", "\"1\""), null);
        edge.Queue.Invalidated(["/a"], ["posts"]);
        edge.Queue.Invalidated([], ["posts", "my tag"]);
        Assert.Empty(edge.Invalidator.Calls); // nothing before the window ends
        await edge.AdvanceUntilAsync(() => edge.Invalidator.Calls.Count >= 1, Window);
        await edge.AdvanceUntilAsync(() => edge.Purges.ContainsKey("ok"), Window);

        var call = Assert.Single(edge.Invalidator.Calls);
        Assert.Equal([SurrogateKeys.ForPath("/a"), SurrogateKeys.ForPath("/b"), "posts", SurrogateKeys.ForTag("my tag")], call.SurrogateKeys);
        Assert.Equal(["/a", "/b"], call.Paths);
        Assert.Equal(1, edge.Purges["ok"]);
    }

    [Fact]
    public async Task A_version_identical_to_the_previous_one_or_a_404_where_nothing_was_stored_is_not_sent()
    {
        await using var edge = new EdgeDispatcherHarness(options => options.CoalescingWindow = Window);

        edge.Queue.PageChanged("/a", Page("/a", "\"same\""), Page("/a", "\"same\""));
        edge.Queue.PageChanged("/unknown", null, null);

        Assert.False(edge.Queue.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Calls_carry_at_most_MaxKeysPerCall_keys()
    {
        await using var edge = new EdgeDispatcherHarness(options =>
        {
            options.CoalescingWindow = Window;
            options.MaxKeysPerCall = 2;
        });
        await edge.StartAsync();
        var paths = Enumerable.Range(1, 5).Select(i => $"/p/{i}").ToArray();

        foreach (var path in paths)
        {
            edge.Queue.PageChanged(path, null, Page(path, "\"1\""));
        }

        await edge.AdvanceUntilAsync(() => edge.Invalidator.AllKeys.Count() >= 5, Window);

        Assert.All(edge.Invalidator.Calls, call => Assert.InRange(call.SurrogateKeys.Count, 1, 2));
        Assert.Equal(3, edge.Invalidator.Calls.Count);
        Assert.Equal(paths.Select(SurrogateKeys.ForPath).Order(), edge.Invalidator.AllKeys.Order());
    }

    [Fact]
    public async Task A_failed_call_is_retried_with_backoff_until_it_succeeds()
    {
        await using var edge = new EdgeDispatcherHarness(options =>
        {
            options.CoalescingWindow = Window;
            options.Retry = new() { MaxRetryAttempts = 3, Delay = TimeSpan.FromSeconds(1), BackoffType = DelayBackoffType.Constant, UseJitter = false };
        });
        edge.Invalidator.Behaviour = (attempt, _) => attempt < 3 ? throw new HttpRequestException("edge down") : Task.CompletedTask;
        await edge.StartAsync();

        edge.Queue.Invalidated([], ["posts"]);
        await edge.AdvanceUntilAsync(() => edge.Purges.ContainsKey("ok"), TimeSpan.FromMilliseconds(250));

        Assert.Equal(3, edge.Invalidator.Attempts);
        Assert.All(edge.Invalidator.Calls, call => Assert.Equal(["posts"], call.SurrogateKeys));
        Assert.False(edge.Purges.ContainsKey("failed"));
        Assert.Equal(0, edge.LogCount(801));
    }

    [Fact]
    public async Task Calls_that_keep_failing_are_counted_each_and_logged_at_a_bounded_rate()
    {
        await using var edge = new EdgeDispatcherHarness(options =>
        {
            options.CoalescingWindow = Window;
            options.Retry = new() { MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Constant, UseJitter = false };
        });
        edge.Invalidator.Behaviour = (_, _) => throw new HttpRequestException("edge down");
        await edge.StartAsync();

        for (var i = 1; i <= 3; i++)
        {
            edge.Queue.Invalidated([], [$"tag-{i}"]);
            var failures = i;
            await edge.AdvanceUntilAsync(() => edge.Purges.GetValueOrDefault("failed") >= failures, TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(6, edge.Invalidator.Attempts); // each call: one attempt and one retry
        Assert.Equal(3, edge.Purges["failed"]);
        Assert.Equal(1, edge.LogCount(801)); // within 30 s: one warning, the rest held back
    }

    [Fact]
    public async Task At_most_MaxConcurrentCalls_run_at_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var edge = new EdgeDispatcherHarness(options =>
        {
            options.CoalescingWindow = Window;
            options.MaxKeysPerCall = 1;
            options.MaxConcurrentCalls = 2;
            options.CallTimeout = Timeout.InfiniteTimeSpan;
        });
        edge.Invalidator.Behaviour = (_, _) => gate.Task;
        await edge.StartAsync();

        for (var i = 0; i < 6; i++)
        {
            edge.Queue.PageChanged($"/p/{i}", null, Page($"/p/{i}", "\"1\""));
        }

        await edge.AdvanceUntilAsync(() => edge.Invalidator.Running == 2, Window);
        for (var i = 0; i < 10; i++)
        {
            edge.Time.Advance(Window);
            await Task.Delay(10);
        }

        Assert.Equal(2, edge.Invalidator.Running);
        gate.SetResult();
        await edge.AdvanceUntilAsync(() => edge.Purges.GetValueOrDefault("ok") == 6, Window);
        Assert.Equal(2, edge.Invalidator.MaxRunning);
    }

    [Fact]
    public async Task A_full_queue_drops_the_change_at_once_counts_and_logs_it()
    {
        await using var edge = new EdgeDispatcherHarness(options => options.MaxQueuedChanges = 2);

        edge.Queue.Invalidated([], ["a"]);
        edge.Queue.Invalidated([], ["b"]);
        edge.Queue.Invalidated([], ["c"]); // the dispatcher is not running: nobody drains the queue
        edge.Queue.Invalidated([], ["d"]);

        Assert.Equal(2, edge.Purges["dropped"]);
        Assert.Equal(1, edge.LogCount(802));
    }

    private static StoredPage Page(string key, string etag) => new() { Key = key, ETag = etag };
}
