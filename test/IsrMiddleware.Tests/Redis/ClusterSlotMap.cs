using System.Net;
using StackExchange.Redis;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Redis;

/// <summary>
/// Which master of a Redis Cluster holds a key, as the cluster itself says (<c>CLUSTER NODES</c>), read over an admin
/// connection of its own.
/// </summary>
internal sealed class ClusterSlotMap(ConnectionMultiplexer multiplexer, ClusterConfiguration configuration) : IDisposable
{
    public static async Task<ClusterSlotMap> ReadAsync(string clusterConfiguration)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(clusterConfiguration + ",allowAdmin=true");
        try
        {
            var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
            var configuration = await server.ClusterNodesAsync() ?? throw new InvalidOperationException($"{server.EndPoint} is not a cluster node.");
            return new ClusterSlotMap(multiplexer, configuration);
        }
        catch
        {
            multiplexer.Dispose();
            throw;
        }
    }

    /// <summary>The ports of the masters that hold slots.</summary>
    public IReadOnlyList<int> Masters => configuration.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0).Select(node => Port(node.EndPoint)).Order().ToList();

    public int Slot(RedisKey key) => multiplexer.HashSlot(key);

    /// <summary>The port of the master serving the key's slot.</summary>
    public int MasterOf(RedisKey key) => Port(configuration.GetBySlot(key)?.EndPoint ?? throw new InvalidOperationException($"No node serves the slot of {key}."));

    /// <summary>The keys matching a pattern that one master physically holds (SCAN on that node only).</summary>
    public async Task<List<string>> KeysOnAsync(int master, string pattern)
    {
        var keys = new List<string>();
        await foreach (var key in multiplexer.GetServer("127.0.0.1", master).KeysAsync(pattern: pattern))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }

    public void Dispose() => multiplexer.Dispose();

    private static int Port(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        _ => throw new InvalidOperationException($"Unexpected cluster endpoint {endPoint}."),
    };
}
