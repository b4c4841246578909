namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>The on-demand page ledger: the caps, least recently used first out, versions deciding.</summary>
public abstract partial class PageStoreConformanceTests
{
    [Fact]
    public virtual async Task Pages_within_the_caps_are_never_evicted()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 3, maxBytes: 300);

        Assert.Empty(await ledger.RecordAsync(new OnDemandPage("/d/1", 1, 100), None));
        Assert.Empty(await ledger.RecordAsync(new OnDemandPage("/d/2", 2, 100), None));
        Assert.Empty(await ledger.RecordAsync(new OnDemandPage("/d/3", 3, 100), None));
    }

    [Fact]
    public virtual async Task The_page_cap_evicts_the_least_recently_used_page_with_its_version_and_bytes()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 2, maxBytes: long.MaxValue);
        await ledger.RecordAsync(new OnDemandPage("/d/1", 1, 10), None);
        await ledger.RecordAsync(new OnDemandPage("/d/2", 2, 20), None);

        Assert.Equal([new OnDemandPage("/d/1", 1, 10)], await ledger.RecordAsync(new OnDemandPage("/d/3", 3, 30), None));
        Assert.Equal([new OnDemandPage("/d/2", 2, 20)], await ledger.RecordAsync(new OnDemandPage("/d/4", 4, 40), None));
    }

    [Fact]
    public virtual async Task A_touched_page_becomes_the_last_to_be_evicted()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 2, maxBytes: long.MaxValue);
        await ledger.RecordAsync(new OnDemandPage("/d/1", 1, 10), None);
        await ledger.RecordAsync(new OnDemandPage("/d/2", 2, 20), None);

        ledger.Touch("/d/1");
        ledger.Touch("/d/never-recorded");

        Assert.Equal([new OnDemandPage("/d/2", 2, 20)], await ledger.RecordAsync(new OnDemandPage("/d/3", 3, 30), None));
    }

    [Fact]
    public virtual async Task The_byte_cap_evicts_the_least_recently_used_pages_until_the_rest_fit()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 100, maxBytes: 100);
        await ledger.RecordAsync(new OnDemandPage("/d/1", 1, 30), None);
        await ledger.RecordAsync(new OnDemandPage("/d/2", 2, 30), None);
        await ledger.RecordAsync(new OnDemandPage("/d/3", 3, 30), None);

        var evicted = await ledger.RecordAsync(new OnDemandPage("/d/4", 4, 50), None);

        Assert.Equal([new OnDemandPage("/d/1", 1, 30), new OnDemandPage("/d/2", 2, 30)], evicted);
    }

    [Fact]
    public virtual async Task A_page_recorded_again_is_counted_once_at_its_latest_version()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 2, maxBytes: 100);
        await ledger.RecordAsync(new OnDemandPage("/d/1", 1, 60), None);
        await ledger.RecordAsync(new OnDemandPage("/d/1", 2, 40), None);

        // Counted once, with its latest bytes: 40 + 60 fit the byte cap, two pages the page cap.
        Assert.Empty(await ledger.RecordAsync(new OnDemandPage("/d/2", 3, 60), None));
        Assert.Equal([new OnDemandPage("/d/1", 2, 40)], await ledger.RecordAsync(new OnDemandPage("/d/3", 4, 10), None));
    }

    [Fact]
    public virtual async Task Forget_up_to_a_version_stops_counting_it_but_keeps_a_newer_version_counted()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 2, maxBytes: long.MaxValue);
        await ledger.RecordAsync(new OnDemandPage("/d/kept", 5, 10), None);
        await ledger.ForgetAsync("/d/kept", 4, None);
        await ledger.RecordAsync(new OnDemandPage("/d/forgotten", 6, 10), None);
        await ledger.ForgetAsync("/d/forgotten", 6, None);
        await ledger.ForgetAsync("/d/never-recorded", 100, None);
        await ledger.RecordAsync(new OnDemandPage("/d/2", 7, 10), None);

        // /d/kept and /d/2 are counted; /d/forgotten is not, so /d/3 evicts /d/kept.
        Assert.Equal([new OnDemandPage("/d/kept", 5, 10)], await ledger.RecordAsync(new OnDemandPage("/d/3", 8, 10), None));
    }

    [Fact]
    public virtual async Task Restored_pages_are_counted_oldest_first_and_the_excess_is_evicted()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 2, maxBytes: long.MaxValue);

        var evicted = await ledger.RestoreAsync([new("/d/1", 1, 10), new("/d/2", 2, 10), new("/d/3", 3, 10)], None);

        Assert.Equal([new OnDemandPage("/d/1", 1, 10)], evicted);
        Assert.Equal([new OnDemandPage("/d/2", 2, 10)], await ledger.RecordAsync(new OnDemandPage("/d/4", 4, 10), None));
    }

    [Fact]
    public virtual async Task A_restored_page_counted_already_keeps_its_place()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 3, maxBytes: long.MaxValue);
        await ledger.RecordAsync(new OnDemandPage("/d/1", 1, 10), None);
        await ledger.RecordAsync(new OnDemandPage("/d/2", 2, 10), None);

        Assert.Empty(await ledger.RestoreAsync([new("/d/1", 1, 10)], None));
        Assert.Empty(await ledger.RecordAsync(new OnDemandPage("/d/3", 3, 10), None));

        // /d/1 is still the least recently used.
        Assert.Equal([new OnDemandPage("/d/1", 1, 10)], await ledger.RecordAsync(new OnDemandPage("/d/4", 4, 10), None));
    }

    [Fact]
    public virtual async Task A_late_record_of_an_older_version_leaves_the_newer_version_counted()
    {
        var ledger = await OpenOnDemandPageLedgerAsync(maxPages: 2, maxBytes: long.MaxValue);
        await ledger.RecordAsync(new OnDemandPage("/d/1", 20, 300), None);
        await ledger.RecordAsync(new OnDemandPage("/d/1", 19, 100), None);
        await ledger.ForgetAsync("/d/1", 19, None);
        await ledger.RecordAsync(new OnDemandPage("/d/2", 21, 10), None);

        Assert.Equal([new OnDemandPage("/d/1", 20, 300)], await ledger.RecordAsync(new OnDemandPage("/d/3", 22, 10), None));
    }
}
