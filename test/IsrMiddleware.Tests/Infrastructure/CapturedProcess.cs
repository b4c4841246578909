using System.Diagnostics;
using System.Text;

namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>Runs a process to completion with no input, within a time limit, and returns its exit code and interleaved output.</summary>
internal static class CapturedProcess
{
    /// <summary>
    /// Starts <paramref name="start"/> (its output redirected here); kills it after <paramref name="timeout"/> (a
    /// <see cref="TimeoutException"/>) or when <paramref name="stop"/> fires (then returns what it wrote).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken stop = default)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;

        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, stop);
        try
        {
            await process.WaitForExitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (!stop.IsCancellationRequested)
            {
                throw new TimeoutException($"{Path.GetFileName(start.FileName)} did not finish within {timeout}:\n{output}");
            }
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
