using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Store;

namespace IsrMiddleware.Redis;

/// <summary>
/// The durable tier on Redis, shared by every instance: one hash per page (body, variants and metadata written by one
/// script that refuses an older version), the sequence as an atomic counter, the latest invalidation of each path
/// and tag in one hash, tag and page indexes as sets. Keys live as long as the pages may be served (expire). Every
/// number taken from the counter also checks the dataset's epoch (see <c>RedisPageStore.Epoch.cs</c>).
/// </summary>
internal sealed partial class RedisPageStore(
    RedisConnection connection, IOptions<StaticParamsOptions> staticParams, RedisPageTraffic traffic, TimeProvider time, ILogger<RedisPageStore> logger) : IPageStore
{
    private static readonly RedisValue[] PageFields = ["meta", "body", "br", "gz"];

    private readonly RedisKeys _keys = connection.Keys;
    private readonly LogThrottle _sequenceErrors = new(time, TimeSpan.FromMinutes(1));
    private long _highestSeen;

    private IDatabase Db => connection.Database;

    private TimeSpan Expire => staticParams.Value.Expire;

    public async ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (await ReadPageAsync(key, cancellationToken).ConfigureAwait(false)).Page;
    }

    /// <summary>The whole page hash in one <c>HMGET</c>, with its parsed header.</summary>
    private async ValueTask<(RedisPageHeader? Header, StoredPage? Page)> ReadPageAsync(string key, CancellationToken cancellationToken)
    {
        var values = await Db.HashGetAsync(_keys.Page(key), PageFields).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (ParseHeader(key, values[0]) is not { } header)
        {
            return (null, null);
        }

        Seen(header.Version);
        return (header, header.ToPage(Bytes(values[1]), Bytes(values[2]), Bytes(values[3])));
    }

    public async ValueTask<PageMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var meta = await Db.HashGetAsync(_keys.Page(key), "meta").WaitAsync(cancellationToken).ConfigureAwait(false);
        return ParseHeader(key, meta)?.ToMetadata();
    }

    public async ValueTask<bool> SetAsync(StoredPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        Seen(page.Version);
        NoteIfLocal(page);
        if (!await MayStoreAsync(page.Version, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var ttl = PageTimeToLive(page.GeneratedAt);
        var stored = (long)await Db.ScriptEvaluateAsync(
            RedisScripts.SetPage,
            [_keys.Page(page.Key)],
            [page.Version, RedisPageHeader.From(page).ToJson(), page.Body, page.BrotliBody, page.GzipBody, (long)ttl.TotalMilliseconds])
            .WaitAsync(cancellationToken).ConfigureAwait(false) == 1;
        if (stored)
        {
            await IndexAsync(page, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    public async ValueTask RemoveAsync(string key, long upToVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await Db.ScriptEvaluateAsync(RedisScripts.RemovePage, [_keys.Page(key)], [upToVersion]).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The next number of Redis's counter. While Redis cannot be reached a render still needs one: it gets the next
    /// number after the highest this instance has seen, so it orders after every invalidation known here.
    /// </summary>
    public async ValueTask<long> NextVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var floor = Interlocked.Read(ref _highestSeen);
            var result = await Db.ScriptEvaluateAsync(RedisScripts.NextVersion, [_keys.Sequence, _keys.Epoch], [NewEpoch(), floor])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return Seen(Numbered(result, floor));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_sequenceErrors.ShouldLog(out var suppressed))
            {
                RedisLog.SequenceFailed(logger, suppressed, ex);
            }

            return NumberLocally();
        }
    }

    /// <summary>Raises the floor of the sequence to a number seen elsewhere (an announced change).</summary>
    internal void Observe(long version) => Seen(version);

    private long Seen(long version)
    {
        RaiseTo(ref _highestSeen, version);
        return version;
    }

    public async ValueTask<Invalidation> RecordInvalidationAsync(InvalidationKind kind, string target, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var floor = Interlocked.Read(ref _highestSeen);
        RedisResult result;
        try
        {
            result = await Db.ScriptEvaluateAsync(
                RedisScripts.RecordInvalidation,
                [_keys.Sequence, _keys.Epoch, _keys.Invalidations, _keys.InvalidationLog],
                [NewEpoch(), floor, InvalidationField(kind, target), recordedAt.UtcTicks, InvalidationTimeToLive.Ticks])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw Unavailable("record the invalidation of " + target, ex);
        }

        return new Invalidation(kind, target, Seen(Numbered(result, floor)), recordedAt);
    }

    /// <summary>
    /// The invalidations recorded with a number above <paramref name="after"/>, from the log (numbered and logged in
    /// one step, so none numbered at or below the highest returned can appear later), with that highest number.
    /// </summary>
    internal async Task<(IReadOnlyList<Invalidation> Invalidations, long Through)> GetInvalidationsAfterAsync(long after, CancellationToken cancellationToken)
    {
        var entries = await Db.SortedSetRangeByScoreWithScoresAsync(_keys.InvalidationLog, after, double.PositiveInfinity, Exclude.Start)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return ([], after);
        }

        var fields = entries.Select(entry => entry.Element).ToArray();
        var values = await Db.HashGetAsync(_keys.Invalidations, fields).WaitAsync(cancellationToken).ConfigureAwait(false);
        var invalidations = new List<Invalidation>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            if (!values[i].IsNull && ParseInvalidation(fields[i].ToString(), values[i].ToString()) is { } invalidation)
            {
                invalidations.Add(invalidation);
                Seen(invalidation.Version);
            }
        }

        return (invalidations, (long)entries.Max(entry => entry.Score));
    }

    public async ValueTask<IReadOnlyCollection<Invalidation>> GetInvalidationsAsync(CancellationToken cancellationToken)
    {
        var entries = await Db.HashGetAllAsync(_keys.Invalidations).WaitAsync(cancellationToken).ConfigureAwait(false);
        var invalidations = new List<Invalidation>(entries.Length);
        foreach (var entry in entries)
        {
            if (ParseInvalidation(entry.Name.ToString(), entry.Value.ToString()) is { } invalidation)
            {
                invalidations.Add(invalidation);
                Seen(invalidation.Version);
            }
        }

        return invalidations;
    }

    /// <summary>The error a caller of the store contract understands, with Redis's own inside.</summary>
    private static PageStoreUnavailableException Unavailable(string what, Exception inner) =>
        new($"Redis cannot be reached to {what} ({inner.GetType().Name}).", inner);

    /// <summary>A page lives in Redis as long as it may be served: until its render time plus the expire period.</summary>
    private TimeSpan PageTimeToLive(DateTimeOffset generatedAt)
    {
        var left = generatedAt + Expire - time.GetUtcNow();
        return left < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left;
    }

    /// <summary>An invalidation concerns only pages rendered before it; those are gone an expire period after it.</summary>
    private TimeSpan InvalidationTimeToLive => Expire + TimeSpan.FromMinutes(1);

    private static string InvalidationField(InvalidationKind kind, string target) => kind switch
    {
        InvalidationKind.Path => "p:",
        InvalidationKind.Prefix => "x:",
        _ => "t:",
    } + target;

    private static Invalidation? ParseInvalidation(string field, string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        if (field.Length < 2 || bar < 0 || !long.TryParse(value.AsSpan(0, bar), out var version) || !long.TryParse(value.AsSpan(bar + 1), out var ticks))
        {
            return null;
        }

        var kind = field[..2] switch
        {
            "p:" => InvalidationKind.Path,
            "x:" => InvalidationKind.Prefix,
            _ => InvalidationKind.Tag,
        };
        return new Invalidation(kind, field[2..], version, new DateTimeOffset(ticks, TimeSpan.Zero));
    }

    /// <summary>The header of the page, unless the hash holds another key's page (a digest collision) or nothing readable.</summary>
    private static RedisPageHeader? ParseHeader(string key, RedisValue meta)
    {
        if (meta.IsNull)
        {
            return null;
        }

        var header = RedisPageHeader.Parse(((ReadOnlyMemory<byte>)meta).Span);
        return header is not null && string.Equals(header.Key, key, StringComparison.Ordinal) ? header : null;
    }

    private static ReadOnlyMemory<byte> Bytes(RedisValue value) => value.IsNullOrEmpty ? ReadOnlyMemory<byte>.Empty : (byte[])value!;
}
