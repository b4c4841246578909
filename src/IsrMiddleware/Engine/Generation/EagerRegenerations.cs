using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

/// <summary>
/// Coalesces eager revalidations of one page: callers join a group that has not started rendering yet, and the group
/// renders once, after every member's invalidation (its render takes its sequence number after they were recorded).
/// A page has at most one group rendering and one gathering: callers that arrive while a render runs share the next.
/// A gathering group starts when the one before it has finished and its coalescing window has passed.
/// </summary>
internal sealed class EagerRegenerations(
    PageGenerator generator,
    IOptions<StaticParamsOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Line> _lines = new(StringComparer.Ordinal);
    private long _joined;

    /// <summary>How many callers have joined a group since start (for tests and diagnostics).</summary>
    public long Joined => Interlocked.Read(ref _joined);

    /// <summary>Waits for a render of the key that started after <paramref name="invalidatedAt"/>, shared with every caller that joins meanwhile.</summary>
    public Task<GenerationResult> RegenerateAsync(StaticRoute route, string key, bool declared, long invalidatedAt)
    {
        Line? started = null;
        Group group;
        lock (_lock)
        {
            if (!_lines.TryGetValue(key, out var line))
            {
                line = new Line(NewGroup(route));
                _lines.Add(key, line);
                started = line;
            }

            group = !line.Current.Sealed ? line.Current : line.Next ??= NewGroup(route);
            group.StartedAfter = Math.Max(group.StartedAfter, invalidatedAt);
            group.Declared |= declared;
        }

        Interlocked.Increment(ref _joined);
        if (started is not null)
        {
            _ = RunAsync(key, started);
        }

        return group.Done.Task;
    }

    private Group NewGroup(StaticRoute route)
    {
        var window = options.Value.RevalidationCoalescingWindow;
        return new Group(route, window > TimeSpan.Zero ? Task.Delay(window, time, lifetime.ApplicationStopping) : Task.CompletedTask);
    }

    private async Task RunAsync(string key, Line line)
    {
        var group = line.Current;
        while (true)
        {
            try
            {
                await group.Window.ConfigureAwait(false);
                long startedAfter;
                bool declared;
                lock (_lock)
                {
                    group.Sealed = true;
                    startedAfter = group.StartedAfter;
                    declared = group.Declared;
                }

                var result = await generator.GenerateAsync(group.Route, key, declared, RenderReason.OnDemand, startedAfter: startedAfter).ConfigureAwait(false);
                group.Done.TrySetResult(result);
            }
            catch (OperationCanceledException ex)
            {
                group.Done.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                group.Done.TrySetException(ex);
            }

            lock (_lock)
            {
                // Members of a faulted group are answered; a gathering group still renders for its own members.
                group.Sealed = true;
                if (line.Next is null)
                {
                    _lines.Remove(key);
                    return;
                }

                line.Current = line.Next;
                line.Next = null;
                group = line.Current;
            }
        }
    }

    private sealed class Line(Group current)
    {
        public Group Current { get; set; } = current;

        public Group? Next { get; set; }
    }

    private sealed class Group(StaticRoute route, Task window)
    {
        public StaticRoute Route { get; } = route;

        public Task Window { get; } = window;

        public TaskCompletionSource<GenerationResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long StartedAfter { get; set; }

        public bool Declared { get; set; }

        public bool Sealed { get; set; }
    }
}
