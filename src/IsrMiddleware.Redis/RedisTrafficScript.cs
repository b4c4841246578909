namespace IsrMiddleware.Redis;

/// <summary>The script that adds a batch of hits to the shared counts; its two keys share the <c>{hits}</c> hash tag.</summary>
internal static class RedisTrafficScript
{
    /// <summary>
    /// KEYS[1] counts (sorted set: page key by decayed hits), KEYS[2] hits added since the last halving. ARGV[1] hits
    /// per page counted before a halving, ARGV[2] the fewest hits before a halving, ARGV[3] ttl ms, then pairs (key,
    /// hits). Adds the hits; once as many have been added since the last halving as the pages counted times ARGV[1]
    /// (and at least ARGV[2]), halves every count in place (a union of the set with itself, weighted by one half) and
    /// drops those under one, as the disk store does. Returns 1 when it halved.
    /// </summary>
    public const string Add = """
        local added = 0
        for i = 4, #ARGV, 2 do
          redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i])
          added = added + tonumber(ARGV[i + 1])
        end
        local since = redis.call('INCRBY', KEYS[2], added)
        local halved = 0
        if since >= math.max(tonumber(ARGV[2]), redis.call('ZCARD', KEYS[1]) * tonumber(ARGV[1])) then
          redis.call('ZUNIONSTORE', KEYS[1], 1, KEYS[1], 'WEIGHTS', 0.5)
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(1')
          redis.call('SET', KEYS[2], 0)
          halved = 1
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        return halved
        """;
}
