namespace IsrMiddleware.Redis;

/// <summary>The Lua scripts that make each page's changes atomic; every one touches keys of one hash slot.</summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS[1] page hash; ARGV version, meta, body, br, gz, ttl ms. Refuses an older version; 1 when stored. An equal
    /// version replaces (the same render stored again): numbers handed out locally during an outage never reach here.
    /// </summary>
    public const string SetPage = """
        local current = redis.call('HGET', KEYS[1], 'v')
        if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'v', ARGV[1], 'meta', ARGV[2], 'body', ARGV[3], 'br', ARGV[4], 'gz', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return 1
        """;

    /// <summary>KEYS[1] page hash; ARGV[1] up-to version. Removes unless a newer version is stored; 1 when removed.</summary>
    public const string RemovePage = """
        local current = redis.call('HGET', KEYS[1], 'v')
        if current and tonumber(current) <= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) return 1 end
        return 0
        """;

    /// <summary>
    /// The start of every script that numbers: KEYS[1] sequence, KEYS[2] epoch; ARGV[1] the epoch id to create when
    /// none is there (Redis lost its data, or never had any), ARGV[2] the highest number the caller has seen. Raises
    /// the counter to that floor, so that no number handed out afterwards is at or below it.
    /// </summary>
    private const string JoinPrelude = """
        local epoch = redis.call('GET', KEYS[2])
        if not epoch then epoch = ARGV[1] redis.call('SET', KEYS[2], epoch) end
        local floor = tonumber(ARGV[2])
        if tonumber(redis.call('GET', KEYS[1]) or '0') < floor then redis.call('SET', KEYS[1], floor) end

        """;

    /// <summary>KEYS sequence, epoch; ARGV new epoch id, floor. Joins the dataset (see the prelude); returns {counter, epoch}.</summary>
    public const string JoinEpoch = JoinPrelude + """
        return {tonumber(redis.call('GET', KEYS[1]) or '0'), epoch}
        """;

    /// <summary>KEYS sequence, epoch; ARGV new epoch id, floor. Takes the next number, above the floor; returns {number, epoch}.</summary>
    public const string NextVersion = JoinPrelude + """
        return {redis.call('INCR', KEYS[1]), epoch}
        """;

    /// <summary>
    /// KEYS sequence, epoch, invalidation hash, invalidation log; ARGV new epoch id, floor, field, recorded-at ticks,
    /// retention ticks. Takes the next number (above the floor) and records it as the field's latest invalidation in one
    /// step, and scores the field with it in the log (a sorted set: reading the entries above the highest number read
    /// so far returns every record made since, even one whose message was lost); returns {number, epoch}. Every 256th record drops the records older, by Redis's clock, than the longest retention
    /// any build asked for plus a day (every page they concern is past its expire; the day absorbs the recorders' clock
    /// skew): the hash stays bounded without a TTL (any TTL an older version set is removed), so an eviction policy
    /// that picks keys with one never takes it.
    /// </summary>
    public const string RecordInvalidation = JoinPrelude + """
        local version = redis.call('INCR', KEYS[1])
        local retention = math.max(tonumber(ARGV[5]), tonumber(redis.call('HGET', KEYS[3], '~retention') or '0'))
        redis.call('HSET', KEYS[3], ARGV[3], version .. '|' .. ARGV[4], '~retention', retention)
        redis.call('PERSIST', KEYS[3])
        redis.call('ZADD', KEYS[4], version, ARGV[3])
        if redis.call('HINCRBY', KEYS[3], '~records', 1) % 256 == 0 then
          local now = redis.call('TIME')
          local cutoff = 621355968000000000 + now[1] * 10000000 + now[2] * 10 - retention - 864000000000
          local entries = redis.call('HGETALL', KEYS[3])
          for i = 1, #entries, 2 do
            local bar = string.find(entries[i + 1], '|', 1, true)
            if bar and tonumber(string.sub(entries[i + 1], bar + 1)) < cutoff then
              redis.call('HDEL', KEYS[3], entries[i])
              redis.call('ZREM', KEYS[4], entries[i])
            end
          end
        end
        return {version, epoch}
        """;

    /// <summary>KEYS[1] lease; ARGV[1] owner token, ARGV[2] ttl ms. Renews (1) or releases (1) only the owner's lease.</summary>
    public const string RenewLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    /// <summary>KEYS[1] lease; ARGV[1] owner token.</summary>
    public const string ReleaseLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>KEYS[1] instances hash; ARGV[1] instance name. Stamps the instance with Redis's clock in milliseconds.</summary>
    public const string Heartbeat = """
        local now = redis.call('TIME')
        redis.call('HSET', KEYS[1], ARGV[1], now[1] * 1000 + math.floor(now[2] / 1000))
        return 1
        """;

    /// <summary>KEYS[1] instances hash; ARGV[1] instance name. Marks the instance as stopped cleanly (a negative time).</summary>
    public const string Leave = """
        local now = redis.call('TIME')
        redis.call('HSET', KEYS[1], ARGV[1], -(now[1] * 1000 + math.floor(now[2] / 1000)))
        return 1
        """;

    /// <summary>
    /// KEYS[1] instances hash; ARGV[1] live window ms. Two lists: the instances that beat within the window, by Redis's
    /// clock (so instance clocks never decide), and those that stopped cleanly; forgets entries ten windows old.
    /// </summary>
    public const string LiveInstances = """
        local now = redis.call('TIME')
        local ms = now[1] * 1000 + math.floor(now[2] / 1000)
        local window = tonumber(ARGV[1])
        local entries = redis.call('HGETALL', KEYS[1])
        local live, left = {}, {}
        for i = 1, #entries, 2 do
          local beat = tonumber(entries[i + 1])
          if beat and beat < 0 and -beat >= ms - 10 * window then
            table.insert(left, entries[i])
          elseif beat and beat >= ms - window then
            table.insert(live, entries[i])
          elseif not beat or beat < ms - 10 * window then
            redis.call('HDEL', KEYS[1], entries[i])
          end
        end
        return {live, left}
        """;
}
