using StackExchange.Redis;

namespace IsrMiddleware.Redis;

/// <summary>
/// The tag and page indexes: sets that may name pages gone since; readers check each page and prune. Redis errors
/// surface as <see cref="PageStoreUnavailableException"/> (a revalidation by tag or prefix needs these lists).
/// </summary>
internal sealed partial class RedisPageStore
{
    public async ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        List<PageMetadata> pages;
        try
        {
            pages = await ReadIndexAsync(_keys.TagIndex(tag), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw Unavailable("list the pages tagged " + tag, ex);
        }

        return pages.Where(page => page.Tags.Contains(tag, StringComparer.Ordinal)).Select(page => page.Key).ToList();
    }

    public async ValueTask<IReadOnlyCollection<PageMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadIndexAsync(_keys.PageIndex, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw Unavailable("list the stored pages", ex);
        }
    }

    private async Task IndexAsync(StoredPage page, CancellationToken cancellationToken)
    {
        var ttl = InvalidationTimeToLive;
        var batch = Db.CreateBatch();
        var writes = new List<Task>
        {
            batch.SetAddAsync(_keys.PageIndex, page.Key),
            batch.KeyExpireAsync(_keys.PageIndex, ttl),
        };
        foreach (var tag in page.Tags)
        {
            var index = _keys.TagIndex(tag);
            writes.Add(batch.SetAddAsync(index, page.Key));
            writes.Add(batch.KeyExpireAsync(index, ttl));
        }

        batch.Execute();
        await Task.WhenAll(writes).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<PageMetadata>> ReadIndexAsync(RedisKey index, CancellationToken cancellationToken)
    {
        var members = await Db.SetMembersAsync(index).WaitAsync(cancellationToken).ConfigureAwait(false);
        var keys = members.Select(member => member.ToString()).ToArray();
        var batch = Db.CreateBatch();
        var reads = keys.Select(key => batch.HashGetAsync(_keys.Page(key), "meta")).ToArray();
        batch.Execute();
        var metas = await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);

        var found = new List<PageMetadata>(keys.Length);
        var gone = new List<RedisValue>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (ParseHeader(keys[i], metas[i]) is { } header)
            {
                found.Add(header.ToMetadata());
            }
            else
            {
                gone.Add(keys[i]);
            }
        }

        if (gone.Count > 0)
        {
            await Db.SetRemoveAsync(index, [.. gone]).WaitAsync(cancellationToken).ConfigureAwait(false);

            // A page stored again between the read and the removal is put back (its own write indexed it before ours removed it).
            var recheck = Db.CreateBatch();
            var again = gone.Select(key => recheck.KeyExistsAsync(_keys.Page(key.ToString()))).ToArray();
            recheck.Execute();
            var exists = await Task.WhenAll(again).WaitAsync(cancellationToken).ConfigureAwait(false);
            RedisValue[] back = [.. gone.Where((_, i) => exists[i])];
            if (back.Length > 0)
            {
                await Db.SetAddAsync(index, back).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return found;
    }
}
