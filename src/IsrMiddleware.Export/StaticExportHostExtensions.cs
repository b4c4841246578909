using IsrMiddleware;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Export;

namespace Microsoft.Extensions.Hosting;

/// <summary>Runs the app, or exports it as files when the command line says <c>export &lt;dir&gt;</c>.</summary>
public static class StaticExportHostExtensions
{
    /// <summary>
    /// With <c>export &lt;dir&gt;</c> as the first arguments, exports the site to that folder without listening on a
    /// port and returns the exit code (0; 1 when a page failed or a link is broken; 2 for a bad command line or a
    /// refused folder, reported as one line); otherwise runs the app as <c>RunAsync</c> does and returns 0. Use it in
    /// place of <c>app.Run()</c>: <c>return await app.RunOrExportAsync(args);</c>.
    /// Switches after the folder: <c>--html-extension</c>, <c>--allow-failures</c>, <c>--allow-broken-links</c>,
    /// <c>--no-link-check</c>, <c>--no-precompress</c>, <c>--clean</c>. Needs <c>AddStaticParams().AddStaticExport()</c>.
    /// </summary>
    public static async Task<int> RunOrExportAsync(this IHost host, string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(args);
        if (!ExportCommand.TryParse(args, out var command, out var error))
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IsrMiddleware.Export");
        try
        {
            if (command is null)
            {
                ExportLog.BadCommandLine(logger, error!);
                return 2;
            }

            var exporter = Exporter(host);
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            var result = await ExportCoreAsync(host, exporter, command.Directory, command.Apply(exporter.Options), stopping.Token).ConfigureAwait(false);
            return result.ExitCode;
        }
        catch (StaticExportRefusedException ex)
        {
            ExportLog.Refused(logger, ex.Message);
            return 2;
        }
        catch (Exception ex)
        {
            ExportLog.Aborted(logger, ex);
            return 1;
        }
        finally
        {
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
    }

    /// <summary>The synchronous <see cref="RunOrExportAsync"/>: <c>return app.RunOrExport(args);</c>.</summary>
    public static int RunOrExport(this IHost host, string[] args) => host.RunOrExportAsync(args).GetAwaiter().GetResult();

    /// <summary>
    /// Starts a host that has not been started, without listening on a port and without start-up pre-rendering,
    /// exports the site to <paramref name="directory"/>, and stops the host.
    /// </summary>
    public static Task<StaticExportResult> ExportAsync(
        this IHost host, string directory, Action<StaticExportOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var exporter = Exporter(host);
        var options = exporter.Options.Clone();
        configure?.Invoke(options);
        return ExportCoreAsync(host, exporter, directory, options, cancellationToken);
    }

    private static async Task<StaticExportResult> ExportCoreAsync(
        IHost host, StaticExporter exporter, string directory, StaticExportOptions options, CancellationToken cancellationToken)
    {
        if (host.Services.GetService<IServer>() is { } server and not ExportAwareServer)
        {
            throw new InvalidOperationException(
                $"The server ({server.GetType().Name}) was registered after AddStaticExport(), which cannot keep it from listening; call AddStaticExport() after the server is configured.");
        }

        host.Services.GetRequiredService<ExportMode>().Enable();

        // An export is a command, not a server: no "Application started. Press Ctrl+C to shut down." (the console
        // lifetime reads this when the host starts).
        if (host.Services.GetService<IOptions<ConsoleLifetimeOptions>>() is { } lifetimeOptions)
        {
            lifetimeOptions.Value.SuppressStatusMessages = true;
        }

        // Outside Development the host reads no static web assets manifest (a published app has its files in wwwroot);
        // an export from a build output needs it to find the files of packages and the scoped CSS bundle.
        if (host.Services.GetService<IWebHostEnvironment>() is { } environment && !environment.IsDevelopment())
        {
            StaticWebAssetsLoader.UseStaticWebAssets(environment, host.Services.GetRequiredService<IConfiguration>());
        }

        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await exporter.ExportAsync(directory, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static StaticExporter Exporter(IHost host) =>
        host.Services.GetService<StaticExporter>()
        ?? throw new InvalidOperationException("The static export is not registered: call builder.Services.AddStaticParams().AddStaticExport().");
}
