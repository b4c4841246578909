using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Edge;

/// <summary>
/// varnishd in the foreground on 127.0.0.1, running the repository's <c>docker/varnish/default.vcl</c> with its backend
/// rewritten to a site on 127.0.0.1, in a working folder of its own.
/// </summary>
internal sealed class VarnishProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _workDirectory;
    private readonly StringBuilder _output;

    private VarnishProcess(Process process, TempDirectory workDirectory, StringBuilder output, int port)
    {
        _process = process;
        _workDirectory = workDirectory;
        _output = output;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    /// <summary>A free port on 127.0.0.1 (to give the site Varnish's address before Varnish starts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The shipped VCL with <c>.host</c> and <c>.port</c> of <c>backend default</c> set; optionally edited further.</summary>
    public static string Vcl(int backendPort, Func<string, string>? edit = null)
    {
        var vcl = File.ReadAllText(Path.Combine(Repository.Root, "docker", "varnish", "default.vcl"));
        vcl = Regex.Replace(vcl, "\\.host = \"[^\"]*\";", ".host = \"127.0.0.1\";");
        vcl = Regex.Replace(vcl, "\\.port = \"[^\"]*\";", $".port = \"{backendPort}\";");
        return edit is null ? vcl : edit(vcl);
    }

    public static async Task<VarnishProcess> StartAsync(int port, string vcl)
    {
        var workDirectory = new TempDirectory();
        var vclPath = Path.Combine(workDirectory.Path, "site.vcl");
        await File.WriteAllTextAsync(vclPath, vcl);
        var start = new ProcessStartInfo("varnishd")
        {
            ArgumentList =
            {
                "-F", "-j", "none", "-a", $"127.0.0.1:{port}", "-T", "none",
                "-n", Path.Combine(workDirectory.Path, "varnish"), "-f", vclPath, "-s", "malloc,64m",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("varnishd did not start.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var varnish = new VarnishProcess(process, workDirectory, output, port);
        await varnish.WaitUntilListeningAsync();
        return varnish;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }

        Client.Dispose();
        _process.Dispose();
        _workDirectory.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await Client.GetAsync("/healthz");
                return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        string log;
        lock (_output)
        {
            log = _output.ToString();
        }

        throw new TimeoutException($"varnishd did not listen on 127.0.0.1:{Port} (exited: {_process.HasExited}). Its output:\n{log}");
    }
}
