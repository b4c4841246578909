using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace IsrMiddleware.Redis;

/// <summary>
/// The key layout. A page's hash and its render lease share a hash tag made from a digest of the page key (so no
/// page key can break the tag, and each page's atomic operations touch one slot in Redis Cluster); the sequence
/// the invalidation records and the dataset's epoch share the <c>{seq}</c> tag.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public RedisKey Sequence { get; } = prefix + "{seq}";

    public RedisKey Invalidations { get; } = prefix + "{seq}:invalidations";

    public RedisKey Epoch { get; } = prefix + "{seq}:epoch";

    public RedisKey PageIndex { get; } = prefix + "{index}";

    public RedisChannel Changes { get; } = RedisChannel.Literal(prefix + "changes");

    public RedisKey Page(string key) => prefix + "p:{" + Tag(key) + "}";

    public RedisKey Lease(string key) => prefix + "lease:{" + Tag(key) + "}";

    public RedisKey TagIndex(string tag) => prefix + "t:{" + Tag(tag) + "}";

    private static string Tag(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 12));
}
