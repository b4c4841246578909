using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Redis;

/// <summary>
/// The live instances sharing the key prefix, for confirmed revalidations: each stamps its name with Redis's clock
/// (so instance clocks never decide) and marks it as left on a clean stop. Each instance also
/// remembers the instances it saw live at its own beats: one that vanishes from the registry without having left
/// (Redis lost its data, or its entry expired while it was stalled) is still asked, and reported as lagging unless it
/// answers, until three of this instance's beats in a row have read the registry without it. While Redis cannot be
/// read nothing is forgotten.
/// </summary>
internal sealed class RedisInstanceRegistry(RedisConnection connection, TimeProvider time, ILogger<RedisInstanceRegistry> logger)
{
    private readonly LogThrottle _errors = new(time, TimeSpan.FromMinutes(1));
    private const int MissedBeatsToForget = 3;

    /// <summary>Instances seen live, with how many of this instance's beats in a row have read the registry without them.</summary>
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    public TimeSpan Interval => connection.Options.HeartbeatInterval;

    /// <summary>The instances that beat within three intervals, this one included once it has beaten.</summary>
    public async Task<IReadOnlyList<string>> GetLiveAsync(CancellationToken cancellationToken)
    {
        var window = (long)(Interval * 3).TotalMilliseconds;
        var lists = (RedisResult[]?)await connection.Database.ScriptEvaluateAsync(RedisScripts.LiveInstances, [connection.Keys.Instances], [window])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (lists is not [var live, var left])
        {
            return [];
        }

        foreach (var name in (RedisResult[]?)left ?? [])
        {
            _seen.TryRemove(name.ToString(), out _);
        }

        return [.. ((RedisResult[]?)live ?? []).Select(name => name.ToString())];
    }

    /// <summary>The instances to ask for a confirmation: those live now, and those seen live that did not leave and are not forgotten.</summary>
    public async Task<IReadOnlyList<string>> GetExpectedAsync(CancellationToken cancellationToken)
    {
        var live = await GetLiveAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in live)
        {
            Remember(name);
        }

        return [.. live.Concat(_seen.Keys).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether this instance saw <paramref name="instance"/> live at one of its beats (and not since it left).</summary>
    internal bool Remembers(string instance) => _seen.ContainsKey(instance);

    /// <summary>Reads the live set and remembers who was in it (called at every beat).</summary>
    public async Task ObserveAsync(CancellationToken cancellationToken)
    {
        try
        {
            Observe(await GetLiveAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_errors.ShouldLog(out var suppressed))
            {
                RedisLog.HeartbeatFailed(logger, suppressed, ex);
            }
        }
    }

    /// <summary>Marks this instance as stopped cleanly: the others stop expecting it at once.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.Database.ScriptEvaluateAsync(RedisScripts.Leave, [connection.Keys.Instances], [connection.Options.InstanceName])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            // Not marked: it drops out of the live set after three silent intervals, and others expect it until then.
        }
    }

    /// <summary>Stamps this instance as live now.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.Database.ScriptEvaluateAsync(RedisScripts.Heartbeat, [connection.Keys.Instances], [connection.Options.InstanceName])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_errors.ShouldLog(out var suppressed))
            {
                RedisLog.HeartbeatFailed(logger, suppressed, ex);
            }
        }
    }

    /// <summary>One beat's reading of the registry: the live are remembered afresh, the others missed once more.</summary>
    private void Observe(IReadOnlyList<string> live)
    {
        var present = live.ToHashSet(StringComparer.Ordinal);
        foreach (var name in _seen.Keys)
        {
            // Counted only while still remembered: one that left meanwhile is not brought back.
            while (!present.Contains(name) && _seen.TryGetValue(name, out var missed))
            {
                if (missed + 1 >= MissedBeatsToForget ? _seen.TryRemove(KeyValuePair.Create(name, missed)) : _seen.TryUpdate(name, missed + 1, missed))
                {
                    break;
                }
            }
        }

        foreach (var name in present)
        {
            Remember(name);
        }
    }

    private void Remember(string name)
    {
        if (name != connection.Options.InstanceName)
        {
            _seen[name] = 0;
        }
    }
}
