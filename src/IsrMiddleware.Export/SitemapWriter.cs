using System.Globalization;
using System.Text;
using System.Xml;

namespace IsrMiddleware.Export;

/// <summary>
/// Writes sitemaps (sitemaps.org 0.9): one <c>url</c> per page with its canonical address and, when known, the time
/// it was rendered as <c>lastmod</c>. Past 50,000 pages, <c>sitemap.xml</c> becomes an index of numbered sitemaps.
/// </summary>
internal static class SitemapWriter
{
    public const int MaxUrlsPerFile = 50_000;

    private const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>The sitemap files to write, <c>sitemap.xml</c> first, for pages in key order.</summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> Write(Uri origin, IEnumerable<(string Key, DateTimeOffset? LastModified)> pages)
    {
        var sorted = pages.DistinctBy(page => page.Key).OrderBy(page => page.Key, StringComparer.Ordinal).ToList();
        if (sorted.Count <= MaxUrlsPerFile)
        {
            return [("sitemap.xml", UrlSet(origin, sorted))];
        }

        var files = new List<(string, byte[])>();
        var chunks = sorted.Chunk(MaxUrlsPerFile).ToArray();
        files.Add(("sitemap.xml", Index(origin, chunks.Length)));
        for (var i = 0; i < chunks.Length; i++)
        {
            files.Add(($"sitemap-{i + 1}.xml", UrlSet(origin, chunks[i])));
        }

        return files;
    }

    /// <summary>The absolute address of a page key on the canonical origin.</summary>
    public static string Address(Uri origin, string key) => origin.GetLeftPart(UriPartial.Authority) + key;

    private static byte[] UrlSet(Uri origin, IEnumerable<(string Key, DateTimeOffset? LastModified)> pages) => Xml(writer =>
    {
        writer.WriteStartElement("urlset", Namespace);
        foreach (var (key, lastModified) in pages)
        {
            writer.WriteStartElement("url", Namespace);
            writer.WriteElementString("loc", Namespace, Address(origin, key));
            if (lastModified is { } time)
            {
                writer.WriteElementString("lastmod", Namespace, W3CDateTime(time));
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    });

    private static byte[] Index(Uri origin, int count) => Xml(writer =>
    {
        writer.WriteStartElement("sitemapindex", Namespace);
        for (var i = 1; i <= count; i++)
        {
            writer.WriteStartElement("sitemap", Namespace);
            writer.WriteElementString("loc", Namespace, Address(origin, $"/sitemap-{i}.xml"));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    });

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = false };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static string W3CDateTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
