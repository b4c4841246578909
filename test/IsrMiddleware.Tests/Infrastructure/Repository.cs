using IsrMiddleware.Tests.Docs;

namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>The repository the tests were built from: its root (the folder of IsrMiddleware.sln) and its README.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The README's quick start: its first <c>```csharp</c> block, a top-level Program.cs; null when it has none.</summary>
    public static string? ReadQuickStart() =>
        DocSamples.Read("README.md").FirstOrDefault() is { Kind: DocSampleKind.Program } sample ? sample.Code : null;

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
}
