using System.Diagnostics;

namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>Runs the <c>dotnet</c> CLI to completion, with a time limit, and returns its exit code and output.</summary>
internal static class DotnetCommand
{
    public static Task<(int ExitCode, string Output)> RunAsync(string directory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(directory, timeout, environment: null, arguments);

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string directory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No MSBuild node outlives the command (a reused node would also hold the redirected output open).
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took longer than {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
