using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IsrMiddleware.Engine;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Storage;

public sealed class OnDemandCapsTests
{
    private static OnDemandPages Local(int maxPages) => new(Options.Create(new StaticParamsOptions { MaxOnDemandPages = maxPages }));

    private static OnDemandCaps Caps(IOnDemandPageLedger ledger, OnDemandPages local) =>
        new(ledger, local, TimeProvider.System, NullLogger<OnDemandCaps>.Instance);

    [Fact]
    public async Task In_process_ledger_evicts_the_least_recently_used_with_the_version_it_counted()
    {
        var local = Local(maxPages: 2);
        var caps = Caps(local, local);

        Assert.Empty(await caps.RecordAsync(new OnDemandPage("/p/1", 10, 100), CancellationToken.None));
        Assert.Empty(await caps.RecordAsync(new OnDemandPage("/p/2", 11, 100), CancellationToken.None));
        caps.Touch("/p/1");
        var evicted = await caps.RecordAsync(new OnDemandPage("/p/3", 12, 100), CancellationToken.None);

        Assert.Equal([new OnDemandPage("/p/2", 11, 100)], evicted);
    }

    [Fact]
    public async Task Forgetting_an_older_version_keeps_a_newer_one_counted()
    {
        var local = Local(maxPages: 10);
        var caps = Caps(local, local);
        await caps.RecordAsync(new OnDemandPage("/p/1", 20, 100), CancellationToken.None);

        await caps.ForgetAsync("/p/1", 19, CancellationToken.None);
        Assert.Equal(1, local.Count);

        await caps.ForgetAsync("/p/1", 20, CancellationToken.None);
        Assert.Equal(0, local.Count);
    }

    [Fact]
    public async Task A_shared_ledger_names_the_pages_to_evict_while_it_answers()
    {
        var local = Local(maxPages: 1);
        var shared = new ScriptedLedger { Evicts = [new OnDemandPage("/elsewhere", 5, 10)] };
        var caps = Caps(shared, local);

        await caps.RecordAsync(new OnDemandPage("/p/1", 1, 10), CancellationToken.None);
        var evicted = await caps.RecordAsync(new OnDemandPage("/p/2", 2, 10), CancellationToken.None);

        Assert.Equal([new OnDemandPage("/elsewhere", 5, 10)], evicted);
        caps.Touch("/p/2");
        Assert.Equal(["/p/2"], shared.Touched);
    }

    [Fact]
    public async Task A_shared_ledger_that_fails_leaves_the_caps_to_this_instances_own_count()
    {
        var local = Local(maxPages: 1);
        var caps = Caps(new ScriptedLedger { Fails = true }, local);

        Assert.Empty(await caps.RecordAsync(new OnDemandPage("/p/1", 1, 10), CancellationToken.None));
        var evicted = await caps.RecordAsync(new OnDemandPage("/p/2", 2, 10), CancellationToken.None);

        Assert.Equal([new OnDemandPage("/p/1", 1, 10)], evicted);
        Assert.Equal(1, local.Count);
    }

    private sealed class ScriptedLedger : IOnDemandPageLedger
    {
        public bool Fails { get; init; }

        public IReadOnlyList<OnDemandPage> Evicts { get; init; } = [];

        public List<string> Touched { get; } = [];

        public ValueTask<IReadOnlyList<OnDemandPage>> RecordAsync(OnDemandPage page, CancellationToken cancellationToken) =>
            Fails ? throw new InvalidOperationException("shared ledger unreachable") : new(Evicts);

        public ValueTask<IReadOnlyList<OnDemandPage>> RestoreAsync(IReadOnlyList<OnDemandPage> pages, CancellationToken cancellationToken) =>
            Fails ? throw new InvalidOperationException("shared ledger unreachable") : new(Evicts);

        public void Touch(string key) => Touched.Add(key);

        public ValueTask ForgetAsync(string key, long upToVersion, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
