using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Redis;

/// <summary>
/// The render lease across instances: <c>SET NX PX</c> with an owner token, renewed while the render runs, released
/// only by its owner (a script compares the token). When Redis cannot be asked, the lease is granted: the instance
/// renders as it would alone.
/// </summary>
internal sealed class RedisRenderLease(RedisConnection connection, TimeProvider time, ILogger<RedisRenderLease> logger) : IRenderLease
{
    private readonly LogThrottle _errors = new(time, TimeSpan.FromMinutes(1));

    private RedisConnection Connection => connection;

    private TimeProvider Time => time;

    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var leaseKey = connection.Keys.Lease(key);
        var token = connection.Options.InstanceName + ":" + Guid.NewGuid().ToString("N");
        var duration = connection.Options.LeaseDuration;
        try
        {
            var taken = await connection.Database.StringSetAsync(leaseKey, token, duration, When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
            return taken ? new Held(this, key, leaseKey, token, duration) : null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogFailure(key, ex);
            return new Held(this, key, leaseKey: null, token, duration);
        }
    }

    private void LogFailure(string key, Exception exception)
    {
        if (_errors.ShouldLog(out var suppressed))
        {
            RedisLog.LeaseFailed(logger, key, suppressed, exception);
        }
    }

    /// <summary>A lease held by this instance: renewed at a third of its duration until disposed.</summary>
    private sealed class Held : IAsyncDisposable
    {
        private readonly RedisRenderLease _owner;
        private readonly string _key;
        private readonly RedisKey? _leaseKey;
        private readonly string _token;
        private readonly TimeSpan _duration;
        private readonly ITimer? _renewal;

        public Held(RedisRenderLease owner, string key, RedisKey? leaseKey, string token, TimeSpan duration)
        {
            _owner = owner;
            _key = key;
            _leaseKey = leaseKey;
            _token = token;
            _duration = duration;
            if (leaseKey is not null)
            {
                var every = duration / 3;
                _renewal = owner.Time.CreateTimer(_ => _ = RenewAsync(), null, every, every);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_renewal is null)
            {
                return;
            }

            await _renewal.DisposeAsync().ConfigureAwait(false);
            await RunAsync(RedisScripts.ReleaseLease, [_token]).ConfigureAwait(false);
        }

        private Task RenewAsync() => RunAsync(RedisScripts.RenewLease, [_token, (long)_duration.TotalMilliseconds]);

        private async Task RunAsync(string script, RedisValue[] values)
        {
            try
            {
                await _owner.Connection.Database.ScriptEvaluateAsync(script, [_leaseKey!.Value], values).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _owner.LogFailure(_key, ex);
            }
        }
    }
}
