namespace IsrMiddleware.Redis;

/// <summary>The pages' hit counts, shared by every instance (see <see cref="RedisPageTraffic"/>).</summary>
internal sealed partial class RedisPageStore : IPageTraffic
{
    public void CountHit(string key) => traffic.CountHit(key);

    public int HitsOf(string key) => traffic.HitsOf(key);

    public ValueTask LoadHitsAsync(CancellationToken cancellationToken) => traffic.LoadHitsAsync(cancellationToken);
}
