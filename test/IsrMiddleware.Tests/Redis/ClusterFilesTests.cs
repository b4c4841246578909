using System.Diagnostics;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Redis;

/// <summary>docker/compose.yaml and docker/local-cluster.sh: no default secret, and Redis never evicts.</summary>
public sealed partial class ClusterFilesTests
{
    private static readonly string Compose = File.ReadAllText(Path.Combine(Repository.Root, "docker", "compose.yaml"));

    [Fact]
    public void Compose_requires_the_revalidation_secret_and_ships_none()
    {
        var secret = SecretLine().Match(Compose);

        Assert.True(secret.Success, "Isr__RevalidateSecret is not set from ISR_REVALIDATE_SECRET");
        Assert.Matches(@"^\$\{ISR_REVALIDATE_SECRET:\?[^}]+\}$", secret.Groups["value"].Value.Trim());
        Assert.DoesNotContain("change-me", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_runs_Redis_with_noeviction()
    {
        var redis = Regex.Match(Compose, "redis-server[^\\]]*\\]").Value;

        Assert.Contains("\"--maxmemory-policy\", \"noeviction\"", redis, StringComparison.Ordinal);
        Assert.DoesNotContain("volatile-", Compose, StringComparison.Ordinal);
        Assert.DoesNotContain("allkeys-", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_cluster_does_not_start_without_a_secret()
    {
        using var work = new TempDirectory();
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(Repository.Root, "docker", "local-cluster.sh"), "start", work.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("ISR_REVALIDATE_SECRET");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("ISR_REVALIDATE_SECRET", await stderr, StringComparison.Ordinal);
        Assert.Empty(await stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(work.Path));
    }

    [GeneratedRegex("^\\s*Isr__RevalidateSecret:(?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex SecretLine();
}
