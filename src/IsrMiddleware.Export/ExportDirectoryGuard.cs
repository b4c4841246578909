namespace IsrMiddleware.Export;

/// <summary>
/// Checks the export folder before anything is written: it must not be, hold or lie inside the live cache folder,
/// nor lie inside the web root; it must hold the app's content root only if it is empty; it must be empty unless
/// cleaning was asked for.
/// </summary>
internal static class ExportDirectoryGuard
{
    /// <summary>Creates or empties the folder; returns why it cannot be used, or <see langword="null"/>.</summary>
    public static string? Prepare(string root, bool clean, string? cacheDirectory, string contentRoot, string? webRoot)
    {
        if (cacheDirectory is not null && (IsSameOrInside(root, cacheDirectory) || IsSameOrInside(cacheDirectory, root)))
        {
            return $"The export folder '{root}' overlaps the live cache folder '{cacheDirectory}'; choose another folder.";
        }

        if (webRoot is not null && IsSameOrInside(root, webRoot))
        {
            return $"The export folder '{root}' lies inside the web root '{webRoot}', which the export copies; choose another folder.";
        }

        if (File.Exists(root))
        {
            return $"The export folder '{root}' is a file.";
        }

        if (!Directory.Exists(root) || !Directory.EnumerateFileSystemEntries(root).Any())
        {
            Directory.CreateDirectory(root);
            return null;
        }

        if (!clean)
        {
            return $"The export folder '{root}' is not empty; empty it, or pass --clean (StaticExportOptions.CleanDirectory) to replace its contents.";
        }

        if (IsSameOrInside(contentRoot, root) || (webRoot is not null && IsSameOrInside(webRoot, root)))
        {
            return $"The export folder '{root}' holds the app's content root '{contentRoot}'; it is not emptied. Choose another folder.";
        }

        var directory = new DirectoryInfo(root);
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            // A link is removed, never followed.
            if (entry is DirectoryInfo folder && folder.LinkTarget is null)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        return null;
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parent = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return string.Equals(full, parent, StringComparison.Ordinal)
            || full.StartsWith(parent + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
