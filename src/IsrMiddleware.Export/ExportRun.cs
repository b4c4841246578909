using System.Collections.Concurrent;

namespace IsrMiddleware.Export;

/// <summary>The state of one export: its folder, options, and what the pages produced.</summary>
internal sealed class ExportRun(ExportFolder folder, StaticExportOptions options, Uri origin)
{
    public ExportFolder Folder { get; } = folder;

    public StaticExportOptions Options { get; } = options;

    public Uri Origin { get; } = origin;

    public ConcurrentBag<StaticExportFailure> Failures { get; } = [];

    /// <summary>HTML pages for the sitemap, with the time each was rendered.</summary>
    public ConcurrentBag<(string Key, DateTimeOffset? LastModified)> SitemapPages { get; } = [];

    public ConcurrentBag<(string From, string To, int Status)> Redirects { get; } = [];

    public ConcurrentBag<(string Page, IReadOnlyList<(string Written, string Path)> Links)> Links { get; } = [];

    private int _pages;

    public int Pages => Volatile.Read(ref _pages);

    public void PageWritten() => Interlocked.Increment(ref _pages);
}
