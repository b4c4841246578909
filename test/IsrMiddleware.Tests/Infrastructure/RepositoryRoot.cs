namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>The repository's root folder (the one holding IsrMiddleware.sln), found above the test binaries.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "IsrMiddleware.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("IsrMiddleware.sln not found above " + AppContext.BaseDirectory);
    }
}
