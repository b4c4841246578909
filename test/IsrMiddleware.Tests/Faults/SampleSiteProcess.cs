using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IsrMiddleware.Tests.Faults;

/// <summary>The sample site as a real process on 127.0.0.1, started from the build output beside the tests.</summary>
internal sealed class SampleSiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private SampleSiteProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }

    /// <summary>The site's origin, <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the site and waits until it is healthy. Without <paramref name="contentDirectory"/> the site uses its default
    /// content folder; <paramref name="workingDirectory"/> defaults to the folder of the dll.
    /// </summary>
    public static async Task<SampleSiteProcess> StartAsync(
        string? contentDirectory, string cacheDirectory, string secret, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SampleSite.dll"), "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Isr__CacheDirectory"] = cacheDirectory;
        start.Environment["Isr__RevalidateSecret"] = secret;
        if (contentDirectory is not null)
        {
            start.Environment["SampleSite__ContentDirectory"] = contentDirectory;
        }
        start.Environment["SampleSite__ProductRevalidateSeconds"] = "1";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Serilog__MinimumLevel__Override__IsrMiddleware"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var site = new SampleSiteProcess(process, port);
        process.OutputDataReceived += (_, e) => site.Append(e.Data);
        process.ErrorDataReceived += (_, e) => site.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await site.WaitUntilHealthyAsync();
        return site;
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            // Bounded: a long-running site under load keeps only its first lines.
            if (line is not null && _output.Length < 1_000_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no cleanup.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        Client.Dispose();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await Client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The sample site did not become healthy (exited: {_process.HasExited}):\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
