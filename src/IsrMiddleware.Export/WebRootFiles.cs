using Microsoft.Extensions.FileProviders;

namespace IsrMiddleware.Export;

/// <summary>The app's static files (the web root's file provider), as relative paths, for copying beside the pages.</summary>
internal static class WebRootFiles
{
    /// <summary>Every file under the provider, depth first; names that cannot be a safe relative path are reported, not listed.</summary>
    public static IEnumerable<(string RelativePath, IFileInfo File)> Enumerate(IFileProvider provider, Action<string> unsafeName)
    {
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in provider.GetDirectoryContents(folder).OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var relativePath = folder.Length == 0 ? entry.Name : folder + "/" + entry.Name;
                if (ExportPaths.CheckSegment(entry.Name) is not null)
                {
                    unsafeName(relativePath);
                    continue;
                }

                if (entry.IsDirectory)
                {
                    pending.Push(relativePath);
                }
                else
                {
                    yield return (relativePath, entry);
                }
            }
        }
    }
}
