using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Packaging;

/// <summary>
/// The three packages, packed once from the repository's src/ into a folder of their own. Their version carries a
/// suffix unique to this run (<c>0.9.0-test.{guid}</c>), so no other package source, and no package cached by an
/// earlier run, can stand in for them.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    private static readonly string[] Projects =
    [
        Path.Combine("src", "IsrMiddleware", "IsrMiddleware.csproj"),
        Path.Combine("src", "IsrMiddleware.Redis", "IsrMiddleware.Redis.csproj"),
        Path.Combine("src", "IsrMiddleware.Export", "IsrMiddleware.Export.csproj"),
    ];

    private readonly TempDirectory _folder = new();

    /// <summary>The folder holding the .nupkg and .snupkg files: a local package source.</summary>
    public string Feed => Path.Combine(_folder.Path, "feed");

    /// <summary>The version of all three packages.</summary>
    public string Version { get; private set; } = "";

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public async Task InitializeAsync()
    {
        // A solution filter of the three projects: one pack, one build of the core.
        var filter = Path.Combine(_folder.Path, "packages.slnf");
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new
        {
            solution = new { path = Path.Combine(Repository.Root, "IsrMiddleware.sln"), projects = Projects },
        }));

        var suffix = "test." + Guid.NewGuid().ToString("N");
        var (exitCode, output) = await DotnetCommand.RunAsync(
            Repository.Root, TimeSpan.FromMinutes(10),
            "pack", filter, "-nologo", "-v", "q", "--disable-build-servers", "-o", Feed, $"-p:VersionSuffix={suffix}");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed ({exitCode}):\n{output}");
        }

        var core = Directory.GetFiles(Feed, $"IsrMiddleware.*-{suffix}.nupkg").Select(Path.GetFileName)
            .Single(name => char.IsAsciiDigit(name!["IsrMiddleware.".Length]))!;
        Version = core["IsrMiddleware.".Length..^".nupkg".Length];
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
