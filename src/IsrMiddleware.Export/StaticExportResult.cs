namespace IsrMiddleware;

/// <summary>What a static export wrote and what went wrong.</summary>
public sealed class StaticExportResult
{
    /// <summary>The full path of the export folder.</summary>
    public required string Directory { get; init; }

    /// <summary>How many pages were rendered and written (redirects included).</summary>
    public int Pages { get; init; }

    /// <summary>How many static files were copied: static assets (at their fingerprinted routes too) and web root files.</summary>
    public int StaticFiles { get; init; }

    /// <summary>The pages that could not be written.</summary>
    public IReadOnlyList<StaticExportFailure> Failures { get; init; } = [];

    /// <summary>The internal links that resolve to no exported file.</summary>
    public IReadOnlyList<BrokenLink> BrokenLinks { get; init; } = [];

    /// <summary>How long the export took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>0 when the export succeeded; 1 when a page failed (without <see cref="StaticExportOptions.AllowFailures"/>) or a link is broken (without <see cref="StaticExportOptions.AllowBrokenLinks"/>).</summary>
    public int ExitCode { get; init; }
}
