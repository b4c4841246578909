using System.IO.Compression;
using System.Net;
using System.Xml.Linq;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Packaging;

/// <summary>The packages as a user gets them: packed, restored from a package source, and run.</summary>
public sealed class PackedPackagesTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    /// <summary>The page the README's quick start declares.</summary>
    private const string QuickStartPage = "/blog/hello-world";

    [Theory]
    [InlineData("IsrMiddleware")]
    [InlineData("IsrMiddleware.Redis")]
    [InlineData("IsrMiddleware.Export")]
    public void Package_carries_its_readme_license_repository_and_symbols(string id)
    {
        Assert.True(File.Exists(packages.PackagePath(id, "snupkg")), $"No symbols package for {id}.");
        using var package = ZipFile.OpenRead(packages.PackagePath(id));
        Assert.NotNull(package.GetEntry("README.md"));

        var metadata = Nuspec(package).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal(packages.Version, Value("version"));
        var repository = metadata.Elements().Single(element => element.Name.LocalName == "repository");
        Assert.Equal("https://github.com/IsrMiddleware/IsrMiddleware", repository.Attribute("url")?.Value);
    }

    [Fact]
    public void Export_package_depends_on_exactly_its_core_version_and_only_it_brings_AngleSharp()
    {
        Assert.Equal($"[{packages.Version}]", Dependencies("IsrMiddleware.Export")["IsrMiddleware"]);
        Assert.Contains("AngleSharp", Dependencies("IsrMiddleware.Export").Keys);
        Assert.DoesNotContain("AngleSharp", Dependencies("IsrMiddleware").Keys);
    }

    [Fact]
    public async Task Quick_start_on_the_packed_package_serves_its_page_from_the_cache()
    {
        var program = Repository.ReadQuickStart();
        Assert.True(program is not null, "README.md has no ```csharp block.");

        using var app = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(app.Path, "Program.cs"), program);
        await File.WriteAllTextAsync(Path.Combine(app.Path, "QuickStart.csproj"), ProjectFile(packages.Version));
        await File.WriteAllTextAsync(Path.Combine(app.Path, "nuget.config"), NuGetConfig(packages.Feed));

        // A packages folder of its own: what the app restores comes from the package sources, not from the machine's cache.
        var restore = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(app.Path, "packages") };
        var (exitCode, output) = await DotnetCommand.RunAsync(
            app.Path, TimeSpan.FromMinutes(8), restore,
            "build", "-c", "Release", "-o", "out", "-nologo", "-v", "q", "--disable-build-servers", "-p:NuGetAudit=false");
        Assert.True(exitCode == 0, $"The quick start does not build on IsrMiddleware {packages.Version}:\n{output}");

        await using var running = await PackedAppProcess.StartAsync(Path.Combine(app.Path, "out", "QuickStart.dll"), app.Path);
        using var first = await running.Client.GetAsync(QuickStartPage);
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"GET {QuickStartPage}: {(int)first.StatusCode}\n{running.Output}");
        using var second = await running.Client.GetAsync(QuickStartPage);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(second.Headers.TryGetValues("X-Isr-Cache", out var cache), $"No X-Isr-Cache header:\n{running.Output}");
        Assert.Equal("HIT", Assert.Single(cache));
    }

    /// <summary>A new web project as <c>dotnet new web</c> makes it, with a package reference to the packed core.</summary>
    private static string ProjectFile(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="IsrMiddleware" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// The packed folder as the first package source. No &lt;clear/&gt;: the sources of the machine's own NuGet
    /// configuration stay, and the packages' dependencies (Polly.Core) come from them.
    /// </summary>
    private static string NuGetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="isr-packed" value="{feed}" />
          </packageSources>
        </configuration>
        """;

    private Dictionary<string, string> Dependencies(string id)
    {
        using var package = ZipFile.OpenRead(packages.PackagePath(id));
        return Nuspec(package).Descendants().Where(element => element.Name.LocalName == "dependency")
            .ToDictionary(element => element.Attribute("id")!.Value, element => element.Attribute("version")!.Value);
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }
}
