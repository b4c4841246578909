using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Freshness;

public sealed class BuildIdentityTests
{
    [Fact]
    public void The_default_build_id_changes_with_the_app_code_and_only_with_it()
    {
        var original = BuildIdOf("public static class Page { public static string Layout => \"<main>\"; }");
        var rebuilt = BuildIdOf("public static class Page { public static string Layout => \"<main>\"; }");
        var changed = BuildIdOf("public static class Page { public static string Layout => \"<main class=wide>\"; }");

        Assert.Equal(original, rebuilt);
        Assert.NotEqual(original, changed);
    }

    private static string BuildIdOf(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "App",
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("; ", emitted.Diagnostics));

        var context = new AssemblyLoadContext("build-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        try
        {
            image.Position = 0;
            return BuildIdentity.Of(context.LoadFromStream(image));
        }
        finally
        {
            context.Unload();
        }
    }
}
