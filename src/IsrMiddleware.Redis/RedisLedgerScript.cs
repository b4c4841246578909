namespace IsrMiddleware.Redis;

/// <summary>The script that changes the on-demand page ledger; its three keys share the <c>{ondemand}</c> hash tag.</summary>
internal static class RedisLedgerScript
{
    public const string Stored = "S";
    public const string Restored = "R";
    public const string Touched = "T";
    public const string Forgotten = "F";

    /// <summary>
    /// KEYS[1] order (sorted set: key by last store or use), KEYS[2] entries (hash: key to "version:bytes"), KEYS[3]
    /// totals (hash: clock, bytes). ARGV[1] page cap (0: evict nothing), ARGV[2] byte cap, ARGV[3] ttl ms, then
    /// operations of four values (kind, key, version, bytes):
    /// S stored (counted as just used unless a newer version is counted), R restored (counted as least recently used
    /// when absent; send newest first), T touched (just used, when counted), F forgotten (unless a newer version is
    /// counted). Then evicts the least recently used beyond the caps, keeping the last one; returns their key, version
    /// and bytes, three values each.
    /// </summary>
    public const string Apply = """
        local order, entries, totals = KEYS[1], KEYS[2], KEYS[3]
        local function counted(key)
          local entry = redis.call('HGET', entries, key)
          if not entry then return nil end
          return string.match(entry, '^(%-?%d+):(%d+)$')
        end
        local function drop(key)
          local version, bytes = counted(key)
          if version then
            redis.call('HDEL', entries, key)
            if bytes ~= '0' then redis.call('HINCRBY', totals, 'bytes', '-' .. bytes) end
          end
          redis.call('ZREM', order, key)
          return version, bytes
        end
        local function put(key, version, bytes, score)
          drop(key)
          redis.call('HSET', entries, key, version .. ':' .. bytes)
          redis.call('HINCRBY', totals, 'bytes', bytes)
          redis.call('ZADD', order, score, key)
        end
        local function tick() return redis.call('HINCRBY', totals, 'clock', 1) end
        for i = 4, #ARGV, 4 do
          local kind, key, version, bytes = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
          local known = counted(key)
          local newer = known and tonumber(known) > tonumber(version)
          if kind == 'S' then
            if not newer then put(key, version, bytes, tick()) end
          elseif kind == 'R' then
            if not known then
              local oldest = redis.call('ZRANGE', order, 0, 0, 'WITHSCORES')
              put(key, version, bytes, (tonumber(oldest[2]) or 0) - 1)
            elseif tonumber(known) < tonumber(version) then
              put(key, version, bytes, redis.call('ZSCORE', order, key) or tick())
            end
          elseif kind == 'T' then
            if known then redis.call('ZADD', order, 'XX', tick(), key) end
          elseif kind == 'F' then
            if known and not newer then drop(key) end
          end
        end
        local evicted = {}
        local cap, byteCap = tonumber(ARGV[1]), tonumber(ARGV[2])
        while cap > 0 do
          local count = redis.call('ZCARD', order)
          if count <= 1 or (count <= cap and tonumber(redis.call('HGET', totals, 'bytes') or '0') <= byteCap) then break end
          local oldest = redis.call('ZRANGE', order, 0, 0)[1]
          local version, bytes = drop(oldest)
          evicted[#evicted + 1] = oldest
          evicted[#evicted + 1] = version or '0'
          evicted[#evicted + 1] = bytes or '0'
        end
        local ttl = tonumber(ARGV[3])
        if ttl > 0 then
          redis.call('PEXPIRE', order, ttl)
          redis.call('PEXPIRE', entries, ttl)
          redis.call('PEXPIRE', totals, ttl)
        end
        return evicted
        """;
}
