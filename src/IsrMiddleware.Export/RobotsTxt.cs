using System.Text;

namespace IsrMiddleware.Export;

/// <summary>The <c>robots.txt</c> of an export: everything allowed, and where the sitemap is on the canonical origin.</summary>
internal static class RobotsTxt
{
    public static byte[] Create(Uri origin) =>
        Encoding.UTF8.GetBytes($"User-agent: *\nAllow: /\n\nSitemap: {SitemapWriter.Address(origin, "/sitemap.xml")}\n");
}
