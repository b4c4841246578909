using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Redis;

/// <summary>
/// A real Redis Cluster of three masters on 127.0.0.1, without replicas or persistence: three cluster-enabled
/// redis-server processes, each in its own folder, joined by <c>redis-cli --cluster create</c>.
/// </summary>
internal sealed class RedisClusterServer : IAsyncDisposable
{
    private const int Masters = 3;

    // The cluster bus listens on the port plus 10000: both must be free.
    private const int BusOffset = 10000;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _server;
    private readonly string _cli;
    private readonly List<Node> _nodes = [];

    private RedisClusterServer(string server, string cli)
    {
        _server = server;
        _cli = cli;
    }

    public IReadOnlyList<int> Ports => _nodes.Select(node => node.Port).ToList();

    /// <summary>The StackExchange.Redis configuration listing the three masters.</summary>
    public string Configuration => string.Join(",", Ports.Select(port => $"127.0.0.1:{port}"));

    public static async Task<RedisClusterServer> StartAsync()
    {
        var cluster = new RedisClusterServer(Binary("redis-server", "redis-server"), Binary("redis-cli", "redis-tools"));
        try
        {
            for (var i = 0; i < Masters; i++)
            {
                cluster._nodes.Add(await cluster.StartNodeAsync());
            }

            var create = new List<string> { "--cluster", "create" };
            create.AddRange(cluster.Ports.Select(port => $"127.0.0.1:{port}"));
            create.AddRange(["--cluster-replicas", "0", "--cluster-yes"]);
            var (code, output) = await cluster.CliAsync(create, TimeSpan.FromSeconds(60));
            if (code != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({code}):\n{output}{cluster.Logs()}");
            }

            await cluster.WaitUntilStateOkAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Moves one slot and its keys from one master to another (as a resharding does) and tells every node, so that
    /// clients holding the old slot map are answered <c>MOVED</c>.
    /// </summary>
    public async Task MoveSlotAsync(int slot, int fromPort, int toPort)
    {
        var from = await NodeIdAsync(fromPort);
        var to = await NodeIdAsync(toPort);
        await ClusterAsync(toPort, "cluster", "setslot", slot.ToString(), "importing", from);
        await ClusterAsync(fromPort, "cluster", "setslot", slot.ToString(), "migrating", to);
        for (var batch = 0; batch < 1000; batch++)
        {
            var keys = (await ClusterAsync(fromPort, "cluster", "getkeysinslot", slot.ToString(), "100")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (keys.Length == 0)
            {
                break;
            }

            await ClusterAsync(fromPort, ["migrate", "127.0.0.1", toPort.ToString(), "", "0", "5000", "KEYS", .. keys]);
        }

        foreach (var port in Ports.OrderBy(port => port == toPort ? 0 : port == fromPort ? 1 : 2))
        {
            await ClusterAsync(port, "cluster", "setslot", slot.ToString(), "node", to);
        }
    }

    /// <summary>Kills one master (its slots become unreachable; the cluster has no replica to fail over to).</summary>
    public async Task KillNodeAsync(int port) => await _nodes.Single(node => node.Port == port).StopAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _nodes.Clear();
    }

    /// <summary>Every node reports <c>cluster_state:ok</c> (all slots covered, as each node sees it), within 30 s.</summary>
    private async Task WaitUntilStateOkAsync()
    {
        var clock = Stopwatch.StartNew();
        var states = "";
        for (var attempt = 0; attempt < 300 && clock.Elapsed < ReadyTimeout; attempt++)
        {
            var infos = await Task.WhenAll(Ports.Select(port => CliAsync(["-h", "127.0.0.1", "-p", port.ToString(), "cluster", "info"], TimeSpan.FromSeconds(5))));
            if (infos.All(info => info.Output.Contains("cluster_state:ok", StringComparison.Ordinal)))
            {
                return;
            }

            states = string.Join(", ", infos.Select(info => info.Output.Split('\n').FirstOrDefault(line => line.StartsWith("cluster_state", StringComparison.Ordinal))?.Trim()));
            await Task.Delay(100);
        }

        throw new TimeoutException($"The Redis Cluster on ports {string.Join(", ", Ports)} did not reach cluster_state:ok within {ReadyTimeout.TotalSeconds} s ({states}).{Logs()}");
    }

    /// <summary>Starts one cluster-enabled node; a port taken between the check and the start is replaced by another.</summary>
    private async Task<Node> StartNodeAsync()
    {
        var failures = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            var node = new Node(port);
            node.Start(_server);
            var clock = Stopwatch.StartNew();
            for (var probe = 0; probe < 200 && clock.Elapsed < TimeSpan.FromSeconds(10) && !node.HasExited; probe++)
            {
                var (_, output) = await CliAsync(["-h", "127.0.0.1", "-p", port.ToString(), "ping"], TimeSpan.FromSeconds(5));
                if (output.Contains("PONG", StringComparison.Ordinal))
                {
                    return node;
                }

                await Task.Delay(50);
            }

            failures.Add($"port {port}:{node.Log()}");
            await node.DisposeAsync();
        }

        throw new InvalidOperationException("A cluster-enabled redis-server did not start in 5 attempts:\n" + string.Join("\n", failures));
    }

    private async Task<string> NodeIdAsync(int port) => (await ClusterAsync(port, "cluster", "myid")).Trim();

    /// <summary>Runs one command on one node; fails naming it unless redis-cli succeeds without an error reply.</summary>
    private async Task<string> ClusterAsync(int port, params string[] command)
    {
        var (code, output) = await CliAsync(["-h", "127.0.0.1", "-p", port.ToString(), .. command], TimeSpan.FromSeconds(10));
        if (code != 0 || output.StartsWith("ERR", StringComparison.Ordinal) || output.StartsWith("(error)", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-cli -p {port} {string.Join(' ', command)} failed ({code}): {output}");
        }

        return output;
    }

    private int FreePort()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(20000, 50000);
            if (!_nodes.Any(node => Math.Abs(node.Port - port) == BusOffset || node.Port == port) && IsFree(port) && IsFree(port + BusOffset))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free pair of ports (port and port + 10000) found on 127.0.0.1 between 20000 and 60000.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<(int Code, string Output)> CliAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(_cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            return (-1, $"redis-cli {string.Join(' ', start.ArgumentList)} timed out after {timeout.TotalSeconds} s\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private string Logs() => string.Concat(_nodes.Select(node => $"\nredis-server {node.Port}:{node.Log()}"));

    private static string Binary(string name, string package)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin");
        return folders.Where(folder => folder.Length > 0).Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} is missing: the Redis Cluster tests need it (apt-get install -y {package}; .ci/run installs it).");
    }

    /// <summary>One cluster-enabled redis-server, its working folder (node config) and its last log lines.</summary>
    private sealed class Node(int port) : IAsyncDisposable
    {
        private readonly TempDirectory _folder = new();
        private readonly ConcurrentQueue<string> _log = new();
        private Process? _process;

        public int Port { get; } = port;

        public bool HasExited => _process is null || _process.HasExited;

        public void Start(string binary)
        {
            var start = new ProcessStartInfo(binary)
            {
                WorkingDirectory = _folder.Path,
                ArgumentList =
                {
                    "--port", Port.ToString(), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(_folder.Path, $"nodes-{Port}.conf"),
                    "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--protected-mode", "no",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, line) => Keep(line.Data);
            _process.ErrorDataReceived += (_, line) => Keep(line.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Log() => _log.IsEmpty ? " (no output)" : "\n  " + string.Join("\n  ", _log);

        public async Task StopAsync()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }

            _process?.Dispose();
            _process = null;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _folder.Dispose();
        }

        private void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            _log.Enqueue(line);
            while (_log.Count > 20 && _log.TryDequeue(out _))
            {
            }
        }
    }
}
