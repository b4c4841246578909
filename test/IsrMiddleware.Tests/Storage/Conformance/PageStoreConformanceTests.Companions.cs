using System.Collections.Concurrent;

namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>The change feed, the render lease and the invalidation confirmer that come with a store.</summary>
public abstract partial class PageStoreConformanceTests
{
    [Fact]
    public virtual async Task A_published_change_reaches_every_listener_of_the_instance_even_when_one_throws()
    {
        var feed = (await OpenAsync()).Feed;
        var first = new Listener();
        var second = new Listener();
        using var throwing = feed.Subscribe(_ => throw new InvalidOperationException("a failing listener"));
        using var one = feed.Subscribe(first.Receive);
        using var two = feed.Subscribe(second.Receive);
        var invalidation = new Invalidation(InvalidationKind.Tag, "t", 42, TimeProvider.System.GetUtcNow());
        var stored = new PageChange(PageChangeKind.Stored, "/p/feed", 41);
        var invalidated = new PageChange(PageChangeKind.Invalidated, "t", 42, invalidation);

        await feed.PublishAsync(stored, None);
        await feed.PublishAsync(invalidated, None);

        foreach (var listener in new[] { first, second })
        {
            Assert.Equal(stored, await WithinBoundAsync(listener.Next(change => change.Key == "/p/feed"), "the stored change"));
            Assert.Equal(invalidated, await WithinBoundAsync(listener.Next(change => change.Kind == PageChangeKind.Invalidated && change.Key == "t"), "the invalidation"));
        }
    }

    [Fact]
    public virtual async Task A_disposed_subscription_receives_nothing_more()
    {
        var feed = (await OpenAsync()).Feed;
        var stopped = new Listener();
        var going = new Listener();
        var subscription = feed.Subscribe(stopped.Receive);
        using var other = feed.Subscribe(going.Receive);
        await feed.PublishAsync(new PageChange(PageChangeKind.Stored, "/p/before", 1), None);
        await WithinBoundAsync(stopped.Next(change => change.Key == "/p/before"), "the change before disposal");

        subscription.Dispose();
        await feed.PublishAsync(new PageChange(PageChangeKind.Removed, "/p/after", 2), None);

        // Once the listener still subscribed has it, the disposed one would have had it too.
        await WithinBoundAsync(going.Next(change => change.Key == "/p/after"), "the change after disposal");
        Assert.DoesNotContain(stopped.Received, change => change.Key == "/p/after");
    }

    [Fact]
    public virtual async Task A_change_published_by_one_instance_reaches_the_listeners_of_another()
    {
        Require(ChangesReachOtherInstances, nameof(ChangesReachOtherInstances));
        var publisher = (await OpenAsync()).Feed;
        var receiver = (await OpenAsync()).Feed;
        var listener = new Listener();
        var subscription = receiver.Subscribe(listener.Receive);
        var invalidation = new Invalidation(InvalidationKind.Path, "/p/shared", 7, TimeProvider.System.GetUtcNow());
        var change = new PageChange(PageChangeKind.Invalidated, "/p/shared", 7, invalidation);

        // The other instance may still be subscribing: publish until it hears (bounded).
        var heard = listener.Next(received => received.Key == "/p/shared");
        await UntilAsync("the change on the other instance", async () =>
        {
            await publisher.PublishAsync(change, None);
            return await Task.WhenAny(heard, Task.Delay(100)) == heard;
        });
        Assert.Equal(change, await heard);

        subscription.Dispose();
        var still = new Listener();
        using var stillSubscribed = receiver.Subscribe(still.Receive);
        var after = still.Next(received => received.Key == "/p/after");
        await UntilAsync("the change after disposal on the other instance", async () =>
        {
            await publisher.PublishAsync(new PageChange(PageChangeKind.Removed, "/p/after", 8), None);
            return await Task.WhenAny(after, Task.Delay(100)) == after;
        });
        Assert.DoesNotContain(listener.Received, received => received.Key == "/p/after");
    }

    [Fact]
    public virtual async Task A_lease_is_granted_for_a_free_key_and_again_once_released_and_keys_are_independent()
    {
        var lease = (await OpenAsync()).Lease;

        var held = await lease.TryAcquireAsync("/p/leased", None);
        Assert.NotNull(held);
        await using (var other = await lease.TryAcquireAsync("/p/other", None))
        {
            Assert.NotNull(other);
        }

        await held.DisposeAsync();
        await using var again = await lease.TryAcquireAsync("/p/leased", None);
        Assert.NotNull(again);
    }

    [Fact]
    public virtual async Task A_held_lease_is_refused_to_every_other_holder_until_released()
    {
        Require(LeaseRefusesAHeldKey, nameof(LeaseRefusesAHeldKey));
        var a = (await OpenAsync()).Lease;
        var b = (await OpenAsync()).Lease;

        var held = await a.TryAcquireAsync("/p/leased", None);
        Assert.NotNull(held);
        Assert.Null(await b.TryAcquireAsync("/p/leased", None));
        Assert.Null(await a.TryAcquireAsync("/p/leased", None));
        await using (var otherKey = await b.TryAcquireAsync("/p/other", None))
        {
            Assert.NotNull(otherKey);
        }

        await held.DisposeAsync();
        var taken = await b.TryAcquireAsync("/p/leased", None);
        Assert.NotNull(taken);
        Assert.Null(await a.TryAcquireAsync("/p/leased", None));
        await taken.DisposeAsync();

        // Many holders racing for one free key: exactly one gets it.
        var race = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).TryAcquireAsync("/p/raced", None).AsTask())));
        Assert.Single(race, handle => handle is not null);
        foreach (var handle in race.OfType<IAsyncDisposable>())
        {
            await handle.DisposeAsync();
        }
    }

    [Fact]
    public virtual async Task A_single_instance_confirms_its_own_invalidations_at_once()
    {
        var instance = await OpenAsync();
        var invalidation = await instance.Store.RecordInvalidationAsync(InvalidationKind.Path, "/p/confirmed", TimeProvider.System.GetUtcNow(), None);
        await instance.Feed.PublishAsync(new PageChange(PageChangeKind.Invalidated, invalidation.Target, invalidation.Version, invalidation), None);

        var confirmation = await WithinBoundAsync(instance.Confirmer.ConfirmAsync([invalidation], TimeSpan.FromMinutes(1), None), "the confirmation");

        Assert.True(confirmation.Complete);
        Assert.Empty(confirmation.Lagged);
        Assert.Single(confirmation.Applied);
    }

    [Fact]
    public virtual async Task A_confirmation_returns_once_every_live_instance_applied_the_invalidations()
    {
        Require(ConfirmsWithOtherInstances, nameof(ConfirmsWithOtherInstances));
        var asker = await OpenAsync();
        var other = await OpenAsync();
        var listener = new Listener();
        using var subscription = other.Feed.Subscribe(listener.Receive);
        var invalidation = await asker.Store.RecordInvalidationAsync(InvalidationKind.Tag, "confirmed", TimeProvider.System.GetUtcNow(), None);

        var confirmation = await WithinBoundAsync(asker.Confirmer.ConfirmAsync([invalidation], TimeSpan.FromSeconds(5), None), "the confirmation");

        Assert.True(confirmation.Complete, "lagged: " + string.Join(", ", confirmation.Lagged));
        Assert.Equal([asker.Name, other.Name], confirmation.Applied.Order(StringComparer.Ordinal));

        // Applied means the other instance's listeners had the invalidation before the confirmation returned.
        Assert.Contains(listener.Received, change => change.Kind == PageChangeKind.Invalidated && change.Version == invalidation.Version);
    }

    /// <summary>Collects the changes a listener receives; <see cref="Next"/> completes on the first that matches.</summary>
    private sealed class Listener
    {
        private readonly ConcurrentQueue<PageChange> _received = new();
        private readonly List<(Func<PageChange, bool> Match, TaskCompletionSource<PageChange> Done)> _waits = [];

        public IReadOnlyCollection<PageChange> Received => _received;

        public void Receive(PageChange change)
        {
            _received.Enqueue(change);
            lock (_waits)
            {
                foreach (var (match, done) in _waits.Where(wait => wait.Match(change)).ToList())
                {
                    done.TrySetResult(change);
                }
            }
        }

        public Task<PageChange> Next(Func<PageChange, bool> match)
        {
            var done = new TaskCompletionSource<PageChange>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waits)
            {
                _waits.Add((match, done));
                if (_received.FirstOrDefault(match) is { } already)
                {
                    done.TrySetResult(already);
                }
            }

            return done.Task;
        }
    }
}
