using System.Diagnostics;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Generation;

public sealed class SingleFlightTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Concurrent_callers_for_one_key_run_the_work_once_and_share_its_result()
    {
        var flight = new SingleFlight<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<string> Work()
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            return "page";
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return flight.RunAsync("/blog/a", Work);
            }))
            .ToArray();
        start.SetResult();
        var tasks = await Task.WhenAll(callers).WaitAsync(Deadline);
        gate.SetResult();
        var results = await Task.WhenAll(tasks).WaitAsync(Deadline);

        Assert.Equal(1, Volatile.Read(ref runs));
        Assert.All(results, result => Assert.Equal("page", result));
    }

    [Fact]
    public async Task Different_keys_run_their_work_separately()
    {
        var flight = new SingleFlight<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        Func<Task<string>> WorkFor(string key) => async () =>
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            return key;
        };

        var a = flight.RunAsync("/a", WorkFor("/a"));
        var b = flight.RunAsync("/b", WorkFor("/b"));
        Assert.Equal(2, flight.Count);
        gate.SetResult();

        Assert.Equal("/a", await a.WaitAsync(Deadline));
        Assert.Equal("/b", await b.WaitAsync(Deadline));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Call_after_the_work_completed_runs_the_work_again()
    {
        var flight = new SingleFlight<int>();
        var runs = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = flight.RunAsync("/blog/a", async () =>
        {
            await gate.Task;
            return Interlocked.Increment(ref runs);
        });

        // A caller that asks as soon as the first result is out (a thread-pool continuation may run that early;
        // the inline scheduler makes it run at that moment every time) must start a new run, not get the old result.
        var next = first
            .ContinueWith(_ => flight.RunAsync("/blog/a", () => Task.FromResult(Interlocked.Increment(ref runs))), CancellationToken.None, TaskContinuationOptions.None, new InlineScheduler())
            .Unwrap();
        gate.SetResult();

        Assert.Equal(1, await first.WaitAsync(Deadline));
        Assert.Equal(2, await next.WaitAsync(Deadline));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Sequential_calls_each_run_the_work()
    {
        var flight = new SingleFlight<int>();
        var runs = 0;

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, await flight.RunAsync("/blog/a", () => Task.FromResult(Interlocked.Increment(ref runs))).WaitAsync(Deadline));
        }

        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task Exception_reaches_every_waiter_and_the_key_is_released()
    {
        var flight = new SingleFlight<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<string> Failing()
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            throw new InvalidDataException("render failed");
        }

        var waiters = Enumerable.Range(0, 10).Select(_ => flight.RunAsync("/blog/a", Failing)).ToArray();
        gate.SetResult();

        foreach (var waiter in waiters)
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => waiter.WaitAsync(Deadline));
            Assert.Equal("render failed", error.Message);
        }

        Assert.Equal(1, runs);
        var released = Stopwatch.StartNew();
        while (flight.Count != 0 && released.Elapsed < Deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, flight.Count);
        var next = await flight.RunAsync("/blog/a", () => Task.FromResult("recovered")).WaitAsync(Deadline);
        Assert.Equal("recovered", next);
        Assert.Equal(0, flight.Count);
    }

    [Fact]
    public async Task Work_that_throws_before_its_first_await_reaches_the_caller_and_releases_the_key()
    {
        var flight = new SingleFlight<string>();

        await Assert.ThrowsAsync<InvalidDataException>(() => flight.RunAsync("/a", () => throw new InvalidDataException()).WaitAsync(Deadline));

        Assert.Equal(0, flight.Count);
        Assert.Equal("ok", await flight.RunAsync("/a", () => Task.FromResult("ok")).WaitAsync(Deadline));
    }

    /// <summary>Runs every task it is given at once, on the thread that schedules it.</summary>
    private sealed class InlineScheduler : TaskScheduler
    {
        protected override void QueueTask(Task task) => TryExecuteTask(task);

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);

        protected override IEnumerable<Task> GetScheduledTasks() => [];
    }
}
