using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IsrMiddleware.Tests.Export;

/// <summary>
/// nginx serving a folder on 127.0.0.1 (a free port) as a static host would: a path is the file, the folder's
/// index.html, or the .html file; gzip_static serves the .gz siblings. Its config, pid file, logs and temporary
/// folders live in a folder of the test's.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;

    private NginxServer(Process process, int port, string errorLog)
    {
        _process = process;
        ErrorLog = errorLog;
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public HttpClient Client { get; }

    public string ErrorLog { get; }

    public static async Task<NginxServer> StartAsync(string siteRoot, string workDirectory)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: apt-get install -y nginx (.ci/run installs it).");
        }

        Directory.CreateDirectory(workDirectory);
        var port = FreePort();
        var errorLog = Path.Combine(workDirectory, "error.log");
        var config = Path.Combine(workDirectory, "nginx.conf");
        File.WriteAllText(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{workDirectory}}/nginx.pid;
            error_log {{errorLog}} warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{workDirectory}}/client_body;
                proxy_temp_path {{workDirectory}}/proxy;
                fastcgi_temp_path {{workDirectory}}/fastcgi;
                uwsgi_temp_path {{workDirectory}}/uwsgi;
                scgi_temp_path {{workDirectory}}/scgi;
                types { text/html html; application/xml xml; text/plain txt; text/css css; application/json json; }
                default_type application/octet-stream;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{siteRoot}};
                    gzip_static on;
                    location / { try_files $uri $uri/index.html $uri.html =404; }
                }
            }
            """);

        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList = { "-p", workDirectory, "-c", config, "-e", errorLog },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NginxServer(process, port, errorLog);
        try
        {
            await server.WaitUntilListeningAsync(port);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }

        Client.Dispose();
        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        var log = File.Exists(ErrorLog) ? File.ReadAllText(ErrorLog) : "(no error log)";
        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{port} (exited: {_process.HasExited}): {log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
