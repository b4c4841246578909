using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace IsrMiddleware.Benchmarks.Infrastructure;

/// <summary>
/// A redis-server of the benchmarks' own, on a free port of 127.0.0.1 without persistence, killed on dispose; and
/// the server's own count of the commands it ran, to show what a code path asks of Redis.
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";

    private readonly Process _process;
    private readonly ConnectionMultiplexer _admin;

    private RedisProcess(Process process, int port, ConnectionMultiplexer admin)
    {
        _process = process;
        Port = port;
        _admin = admin;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: the Redis benchmarks need it (apt-get install -y redis-server).");
        }

        var port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=1000,allowAdmin=true").ConfigureAwait(false);
                await admin.GetDatabase().PingAsync().ConfigureAwait(false);
                return new RedisProcess(process, port, admin);
            }
            catch (RedisConnectionException) when (clock.Elapsed < TimeSpan.FromSeconds(20) && !process.HasExited)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
            catch (RedisConnectionException ex)
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw new TimeoutException($"redis-server did not answer on port {port} within 20 s.", ex);
            }
        }
    }

    /// <summary>How many times the server ran each command since it started (<c>INFO commandstats</c>), by name.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CommandCountsAsync()
    {
        var server = _admin.GetServer(_admin.GetEndPoints()[0]);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in await server.InfoAsync("commandstats").ConfigureAwait(false))
        {
            foreach (var (name, value) in group)
            {
                // cmdstat_hmget -> calls=12,usec=...
                var calls = value.Split(',')[0];
                if (name.StartsWith("cmdstat_", StringComparison.Ordinal) && calls.StartsWith("calls=", StringComparison.Ordinal))
                {
                    counts[name["cmdstat_".Length..]] = long.Parse(calls.AsSpan("calls=".Length), CultureInfo.InvariantCulture);
                }
            }
        }

        return counts;
    }

    /// <summary>The commands run between two <see cref="CommandCountsAsync"/> readings, those that did not change left out.</summary>
    public static IReadOnlyDictionary<string, long> Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Select(pair => (pair.Key, Calls: pair.Value - before.GetValueOrDefault(pair.Key)))
            .Where(pair => pair.Calls != 0)
            .ToDictionary(pair => pair.Key, pair => pair.Calls, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync().ConfigureAwait(false);
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
