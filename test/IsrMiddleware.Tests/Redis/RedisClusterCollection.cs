namespace IsrMiddleware.Tests.Redis;

/// <summary>Redis Cluster tests share one cluster: put them in <c>[Collection(RedisClusterCollection.Name)]</c> and take a <see cref="RedisClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "Redis Cluster";
}
