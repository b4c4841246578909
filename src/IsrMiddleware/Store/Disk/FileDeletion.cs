namespace IsrMiddleware.Store;

/// <summary>Deleting a file of the cache folder that may be gone already or held by another process.</summary>
internal static class FileDeletion
{
    /// <summary>Whether the file was deleted (or was not there); false when the file system refused.</summary>
    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
