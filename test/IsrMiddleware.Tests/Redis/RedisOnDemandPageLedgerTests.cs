using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>The Redis ledger's script on its own: versions decide, never the order in which instances report.</summary>
public sealed class RedisOnDemandPageLedgerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly string _prefix = RedisInstance.NewPrefix();

    [Fact]
    public async Task A_late_record_of_an_older_version_and_a_forget_up_to_it_leave_the_newer_version_counted()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        using var ledger = Ledger(connection, maxPages: 10);
        var db = connection.GetDatabase();

        await ledger.RecordAsync(new OnDemandPage("/p/1", 20, 300), CancellationToken.None);
        await ledger.RecordAsync(new OnDemandPage("/p/1", 19, 100), CancellationToken.None);
        await ledger.ForgetAsync("/p/1", 19, CancellationToken.None);
        await ledger.FlushAsync();

        Assert.Equal("20:300", (string?)await db.HashGetAsync(_prefix + "{ondemand}:entries:b1", "/p/1"));
        Assert.Equal(300, (long)await db.HashGetAsync(_prefix + "{ondemand}:totals:b1", "bytes"));

        await ledger.ForgetAsync("/p/1", 20, CancellationToken.None);
        await ledger.FlushAsync();

        Assert.Equal(0, await db.SortedSetLengthAsync(_prefix + "{ondemand}:order:b1"));
        Assert.Equal(0, (long)await db.HashGetAsync(_prefix + "{ondemand}:totals:b1", "bytes"));
    }

    [Fact]
    public async Task Evicted_pages_come_back_with_the_version_and_bytes_counted()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        using var ledger = Ledger(connection, maxPages: 2);

        Assert.Empty(await ledger.RecordAsync(new OnDemandPage("/p/1", 1, 10), CancellationToken.None));
        Assert.Empty(await ledger.RecordAsync(new OnDemandPage("/p/2", 2, 20), CancellationToken.None));
        ledger.Touch("/p/1");
        var evicted = await ledger.RecordAsync(new OnDemandPage("/p/3", 3, 30), CancellationToken.None);

        Assert.Equal([new OnDemandPage("/p/2", 2, 20)], evicted);
    }

    private RedisOnDemandPageLedger Ledger(IConnectionMultiplexer connection, int maxPages) => new(
        new RedisConnection(Options.Create(new RedisStoreOptions { KeyPrefix = _prefix }), Options.Create(new StaticParamsOptions { BuildId = "b1" }), connection),
        Options.Create(new StaticParamsOptions { MaxOnDemandPages = maxPages }),
        TimeProvider.System,
        NullLogger<RedisOnDemandPageLedger>.Instance);
}
