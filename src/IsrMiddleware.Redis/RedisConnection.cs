using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IsrMiddleware.Redis;

/// <summary>
/// The connection every Redis component shares: the multiplexer passed to <c>AddRedisStore</c>, or one made from
/// <see cref="RedisStoreOptions.Configuration"/> that never fails start-up when Redis is down (it keeps reconnecting).
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    private readonly bool _owned;

    public RedisConnection(IOptions<RedisStoreOptions> options, IOptions<StaticParamsOptions> staticParams, IConnectionMultiplexer? multiplexer = null)
    {
        Options = options.Value;
        Keys = new RedisKeys(Options.KeyPrefix, staticParams.Value.BuildId!);
        if (multiplexer is not null)
        {
            Multiplexer = multiplexer;
            return;
        }

        var configuration = ConfigurationOptions.Parse(Options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        var timeout = (int)Options.OperationTimeout.TotalMilliseconds;
        configuration.ConnectTimeout = Math.Max(timeout, 1000);
        configuration.SyncTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        configuration.ClientName ??= Options.InstanceName;
        Multiplexer = ConnectionMultiplexer.Connect(configuration);
        _owned = true;
    }

    public RedisStoreOptions Options { get; }

    public RedisKeys Keys { get; }

    public IConnectionMultiplexer Multiplexer { get; }

    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>
    /// Subscribes a handler to a channel exactly once, however often it is called (the client keeps every handler added,
    /// so one added twice would hear every message twice).
    /// </summary>
    public async Task SubscribeOnceAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler)
    {
        var subscriber = Multiplexer.GetSubscriber();
        await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
        await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_owned)
        {
            Multiplexer.Dispose();
        }
    }
}
