namespace IsrMiddleware.Export;

/// <summary>
/// Set before the host starts for an export: the server then does not listen and the library's hosted services
/// (start-up pre-rendering into the cache folder) do not run.
/// </summary>
internal sealed class ExportMode
{
    private volatile bool _exporting;

    public bool IsExporting => _exporting;

    public void Enable() => _exporting = true;
}
