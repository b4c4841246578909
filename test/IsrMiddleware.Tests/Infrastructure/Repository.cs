using System.Text.RegularExpressions;

namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>The repository the tests were built from: its root (the folder of IsrMiddleware.sln) and its README.</summary>
internal static partial class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The README's quick start: its first <c>```csharp</c> block, a top-level Program.cs; null when it has none.</summary>
    public static async Task<string?> ReadQuickStartAsync()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Root, "README.md"));
        var block = FirstCSharpBlock().Match(readme);
        return block.Success ? block.Groups[1].Value : null;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IsrMiddleware.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("IsrMiddleware.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```csharp\\r?\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FirstCSharpBlock();
}
