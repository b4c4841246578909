using System.Diagnostics;
using System.Security.Cryptography;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Export;

/// <summary>The real command line, run from the build output: <c>dotnet SampleSite.dll export &lt;dir&gt;</c>.</summary>
public sealed class SampleSiteExportProcessTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private string Content => Path.Combine(_root.Path, "content");

    private string Cache => Path.Combine(_root.Path, "cache");

    private string Out => Path.Combine(_root.Path, "out");

    public SampleSiteExportProcessTests() => TempDirectory.CopyTree(Path.Combine(AppContext.BaseDirectory, "content"), Content);

    [Fact]
    public async Task Export_command_writes_every_declared_page_and_the_sitemap_exits_0_and_touches_nothing_else()
    {
        var contentBefore = Fingerprint(Content);

        var (exitCode, output) = await RunAsync("export", Out);

        Assert.True(exitCode == 0, output);
        foreach (var (key, text) in SampleSitePages.Read(Content))
        {
            var file = Path.Combine(Out, SampleSitePages.FileOf(key));
            Assert.True(File.Exists(file), $"{key} was not exported to {file}\n{output}");
            Assert.Contains(text, File.ReadAllText(file));
        }

        Assert.True(File.Exists(Path.Combine(Out, "sitemap.xml")));
        Assert.Contains("Exported", output);
        Assert.Equal(["cache-parent", "content", "out"], Directory.EnumerateFileSystemEntries(_root.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root.Path, "cache-parent")));
        Assert.Equal(contentBefore, Fingerprint(Content));
    }

    [Fact]
    public async Task A_failing_page_makes_the_export_command_exit_non_zero_and_names_the_page()
    {
        File.WriteAllText(Path.Combine(Content, "products", "tools", "hammer.json"), "{ this is not json");

        var (exitCode, output) = await RunAsync("export", Out);

        Assert.True(exitCode == 1, output);
        Assert.Contains("/products/tools/hammer", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Out));
    }

    [Fact]
    public async Task Export_leaves_out_a_post_that_links_to_a_file_outside_the_content_folder()
    {
        var outside = Path.Combine(_root.Path, "outside.md");
        File.WriteAllText(outside, "# Leaked\n\nroot:x:0:0:root:/root:/bin/bash\n");
        File.CreateSymbolicLink(Path.Combine(Content, "posts", "leak.md"), outside);

        var (exitCode, output) = await RunAsync("export", Out);

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(Out, "blog", "hello-world", "index.html")), output);
        Assert.False(Directory.Exists(Path.Combine(Out, "blog", "leak")), output);
        Assert.DoesNotContain("/blog/leak", File.ReadAllText(Path.Combine(Out, "sitemap.xml")), StringComparison.Ordinal);
        Assert.DoesNotContain(
            Directory.EnumerateFiles(Out, "*", SearchOption.AllDirectories),
            file => File.ReadAllText(file).Contains("root:x:0:0", StringComparison.Ordinal));
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "cache-parent"));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SampleSite.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Isr__CacheDirectory"] = Path.Combine(_root.Path, "cache-parent", "cache");
        start.Environment["SampleSite__ContentDirectory"] = Content;
        start.Environment["Serilog__MinimumLevel__Override__IsrMiddleware.Rendering"] = "Warning";

        return await CapturedProcess.RunAsync(start, TimeSpan.FromMinutes(3));
    }

    private static string Fingerprint(string directory) =>
        string.Join('\n', Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(file => $"{file} {File.GetLastWriteTimeUtc(file):O} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))}"));

    public void Dispose() => _root.Dispose();
}
