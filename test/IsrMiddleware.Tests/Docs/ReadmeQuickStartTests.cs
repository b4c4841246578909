using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Docs;

public sealed class ReadmeQuickStartTests
{
    [Fact]
    public async Task Quick_start_compiles_as_pasted_into_a_new_web_project()
    {
        var snippet = Repository.ReadQuickStart();
        Assert.True(snippet is not null, "README.md's first ```csharp block is not a whole Program.cs.");

        using var project = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(project.Path, "Program.cs"), snippet);
        await File.WriteAllTextAsync(Path.Combine(project.Path, "QuickStart.csproj"), ProjectFile());

        var (exitCode, output) = await DotnetCommand.RunAsync(
            project.Path, TimeSpan.FromMinutes(8), "build", "-nologo", "-v", "q", "--disable-build-servers", "-p:NuGetAudit=false");

        Assert.True(exitCode == 0, $"The quick start does not compile:\n{snippet}\n{output}");
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
}
