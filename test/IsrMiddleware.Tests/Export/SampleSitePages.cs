using System.Text.Encodings.Web;
using System.Text.Json;

namespace IsrMiddleware.Tests.Export;

/// <summary>The sample site's declared pages, read from a content folder: each key with a text its page must show.</summary>
internal static class SampleSitePages
{
    public static IReadOnlyList<(string Key, string Text)> Read(string contentDirectory)
    {
        var pages = new List<(string, string)> { ("/", "ISR sample site") };
        foreach (var post in Directory.EnumerateFiles(Path.Combine(contentDirectory, "posts"), "*.md"))
        {
            pages.Add(($"/blog/{Path.GetFileNameWithoutExtension(post)}", Title(post)));
        }

        var docs = Path.Combine(contentDirectory, "docs");
        foreach (var doc in Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories))
        {
            var path = Path.ChangeExtension(Path.GetRelativePath(docs, doc), null).Replace(Path.DirectorySeparatorChar, '/');
            pages.Add(($"/docs/{path}", Title(doc)));
        }

        var products = Path.Combine(contentDirectory, "products");
        foreach (var product in Directory.EnumerateFiles(products, "*.json", SearchOption.AllDirectories))
        {
            var category = Path.GetFileName(Path.GetDirectoryName(product)!);
            var name = JsonDocument.Parse(File.ReadAllText(product)).RootElement.GetProperty("name").GetString()!;
            pages.Add(($"/products/{category}/{Path.GetFileNameWithoutExtension(product)}", HtmlEncoder.Default.Encode(name)));
        }

        foreach (var author in Directory.EnumerateFiles(Path.Combine(contentDirectory, "authors"), "*.md"))
        {
            pages.Add(($"/authors/{Path.GetFileNameWithoutExtension(author)}", Title(author)));
        }

        return pages.OrderBy(page => page.Item1, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The file a key is exported to with the default layout.</summary>
    public static string FileOf(string key) => key == "/" ? "index.html" : key.TrimStart('/') + "/index.html";

    private static string Title(string markdownFile) => HtmlEncoder.Default.Encode(File.ReadLines(markdownFile).First().TrimStart('#', ' '));
}
