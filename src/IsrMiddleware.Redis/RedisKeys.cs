using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;
using IsrMiddleware.Store;

namespace IsrMiddleware.Redis;

/// <summary>
/// The key layout. A page's hash and its render lease share a hash tag made from a digest of the page key (so no
/// page key can break the tag, and each page's atomic operations touch one slot in Redis Cluster); the sequence,
/// the invalidation records and the dataset's epoch share the <c>{seq}</c> tag; the on-demand page ledger's keys share
/// <c>{ondemand}</c>, the hit counts <c>{hits}</c>. Pages, leases and the page and tag indexes end with the
/// build id, after the tag: during a rolling deploy each build keeps its own pages (no build overwrites the other's
/// and has it re-rendered), while invalidations and the sequence are shared by every build.
/// </summary>
internal sealed class RedisKeys(string prefix, string build)
{
    public RedisKey Sequence { get; } = prefix + "{seq}";

    public RedisKey Invalidations { get; } = prefix + "{seq}:invalidations";

    public RedisKey InvalidationLog { get; } = prefix + "{seq}:log";

    public RedisKey Epoch { get; } = prefix + "{seq}:epoch";

    /// <summary>
    /// The pages' decayed hit counts (a sorted set) and the hits added since they were last halved: shared by every
    /// build, so a new build pre-renders first the pages most requested under the previous one.
    /// </summary>
    public RedisKey Hits { get; } = prefix + "{hits}";

    public RedisKey HitsSinceDecay { get; } = prefix + "{hits}:since";

    public RedisKey PageIndex { get; } = prefix + "{index}:" + build;

    public RedisKey OnDemandOrder { get; } = prefix + "{ondemand}:order:" + build;

    public RedisKey OnDemandEntries { get; } = prefix + "{ondemand}:entries:" + build;

    public RedisKey OnDemandTotals { get; } = prefix + "{ondemand}:totals:" + build;

    public RedisChannel Changes { get; } = RedisChannel.Literal(prefix + "changes");

    /// <summary>The live instances: one field per instance, its last heartbeat in Redis's clock (milliseconds).</summary>
    public RedisKey Instances { get; } = prefix + "{instances}";

    public RedisChannel ConfirmRequests { get; } = RedisChannel.Literal(prefix + "confirm");

    public RedisChannel ConfirmAcks { get; } = RedisChannel.Literal(prefix + "confirmed");

    public string Build => build;

    public RedisKey Page(string key) => prefix + "p:{" + Tag(key) + "}:" + build;

    public RedisKey Lease(string key) => prefix + "lease:{" + Tag(key) + "}:" + build;

    public RedisKey TagIndex(string tag) => prefix + "t:{" + Tag(tag) + "}:" + build;

    private static string Tag(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 12));
}
