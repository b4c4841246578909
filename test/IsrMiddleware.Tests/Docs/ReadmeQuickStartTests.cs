using System.Diagnostics;
using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Docs;

public sealed class ReadmeQuickStartTests
{
    [Fact]
    public async Task Quick_start_compiles_as_pasted_into_a_new_web_project()
    {
        var snippet = DocSamples.Read("README.md").FirstOrDefault();
        Assert.True(snippet is { Kind: DocSampleKind.Program }, "README.md's first ```csharp block is not a whole Program.cs.");

        using var project = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(project.Path, "Program.cs"), snippet.Code);
        await File.WriteAllTextAsync(Path.Combine(project.Path, "QuickStart.csproj"), ProjectFile());

        var (exitCode, output) = await RunAsync("dotnet", project.Path, "build", "-nologo", "-v", "q", "--disable-build-servers", "-p:NuGetAudit=false");

        Assert.True(exitCode == 0, $"The quick start does not compile:\n{snippet.Code}\n{output}");
    }

    [Fact]
    public void Revalidation_report_serializes_outcomes_and_mode_as_strings()
    {
        var json = JsonSerializer.Serialize(
            new { mode = RevalidationMode.Eager, pages = new[] { new PageRevalidation("/", RevalidationOutcome.MarkedStale), new PageRevalidation("/x", RevalidationOutcome.NotCached) } },
            new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal("""{"mode":"eager","pages":[{"path":"/","outcome":"marked-stale"},{"path":"/x","outcome":"not-cached"}]}""", json);
    }

    /// <summary>A new web project as <c>dotnet new web</c> makes it, referencing the library built beside the tests.</summary>
    private static string ProjectFile()
    {
        var bin = AppContext.BaseDirectory;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="IsrMiddleware" HintPath="{Path.Combine(bin, "IsrMiddleware.dll")}" />
                <Reference Include="Polly.Core" HintPath="{Path.Combine(bin, "Polly.Core.dll")}" />
              </ItemGroup>
            </Project>
            """;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
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
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build of the quick start took longer than 8 minutes.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
