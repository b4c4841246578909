namespace IsrMiddleware;

/// <summary>Options of the static export (<c>export &lt;dir&gt;</c>), configured through <c>AddStaticExport</c>.</summary>
public sealed class StaticExportOptions
{
    /// <summary>
    /// Writes an HTML page as <c>blog/hello-world.html</c> instead of <c>blog/hello-world/index.html</c>.
    /// Default: false. Command line: <c>--html-extension</c>.
    /// </summary>
    public bool HtmlExtension { get; set; }

    /// <summary>
    /// Writes the pages that rendered when others failed, and exits 0. The failures are still listed. Default: false
    /// (a failed page makes the exit code 1 and the files this export wrote are removed). Command line: <c>--allow-failures</c>.
    /// </summary>
    public bool AllowFailures { get; set; }

    /// <summary>Checks that every internal link of the exported HTML resolves to an exported file. Default: true. Command line: <c>--no-link-check</c> turns it off.</summary>
    public bool CheckLinks { get; set; } = true;

    /// <summary>
    /// Accepts broken internal links: they are listed as warnings and the export exits 0. Default: false (a broken link,
    /// such as a stylesheet the export did not write, makes the exit code 1). Command line: <c>--allow-broken-links</c>.
    /// </summary>
    public bool AllowBrokenLinks { get; set; }

    /// <summary>
    /// Empties an export folder that is not empty before writing. Default: false (a folder that is not empty is
    /// refused). Command line: <c>--clean</c>.
    /// </summary>
    public bool CleanDirectory { get; set; }

    /// <summary>
    /// Copies the app's static files beside the pages: what <c>MapStaticAssets()</c> serves, at every route a browser
    /// requests (fingerprinted names included), and the web root (<c>wwwroot</c>). Default: true.
    /// </summary>
    public bool CopyWebRoot { get; set; } = true;

    /// <summary>Writes <c>.br</c> and <c>.gz</c> siblings of the pages the library precompresses. Default: true. Command line: <c>--no-precompress</c> turns it off.</summary>
    public bool Precompress { get; set; } = true;

    /// <summary>Writes <c>sitemap.xml</c> and a <c>robots.txt</c> naming it (unless the app has its own). Default: true.</summary>
    public bool WriteSitemap { get; set; } = true;

    /// <summary>How many pages are rendered at once. Default: the processor count.</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>A progress line is logged every this many pages. Default: 100.</summary>
    public int ProgressEvery { get; set; } = 100;

    internal StaticExportOptions Clone() => (StaticExportOptions)MemberwiseClone();
}
