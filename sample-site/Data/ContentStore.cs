using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SampleSite.Data;

/// <summary>
/// Reads the site's content from the file system, fresh on every call (files are edited while the site runs).
/// Route values never reach a path unchecked: a name must be made of safe segments (letters, digits, '-', '_') and
/// resolve inside the content folder, anything else is simply not found. Symbolic links are followed to their final
/// target, and a file or folder whose real path lies outside the content folder does not exist for the site.
/// </summary>
public sealed class ContentStore
{
    private const int MaxSegmentLength = 100;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private static readonly SearchValues<char> SafeCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly string _root;
    private readonly string _realRoot;

    public ContentStore(IOptions<ContentOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = options.Value.ContentDirectory;
        var root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "content")
            : Path.GetFullPath(configured, environment.ContentRootPath);
        if (RealPaths.Resolve(root) is not { } real || !Directory.Exists(real))
        {
            throw new DirectoryNotFoundException(
                $"The content folder '{Path.GetFullPath(root)}' does not exist: set {ContentOptions.SettingName} to the folder holding posts/, products/ and docs/.");
        }

        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        _realRoot = Path.TrimEndingDirectorySeparator(real) + Path.DirectorySeparatorChar;
    }

    /// <summary>The content folder, as a full path ending with a separator.</summary>
    public string RootDirectory => _root;

    /// <summary>Every post slug, in ordinal order.</summary>
    public IReadOnlyList<string> GetPostSlugs() => ListFiles("posts", ".md");

    /// <summary>The post with the given slug, or <see langword="null"/> when there is none.</summary>
    public Post? GetPost(string? slug)
    {
        if (!IsSafeSegment(slug) || ReadText(["posts", slug + ".md"]) is not { } text)
        {
            return null;
        }

        var (title, paragraphs) = ParseMarkdown(text, slug);
        return new Post(slug, title, paragraphs);
    }

    /// <summary>Every author slug, in ordinal order.</summary>
    public IReadOnlyList<string> GetAuthorSlugs() => ListFiles("authors", ".md");

    /// <summary>The author with the given slug, or <see langword="null"/> when there is none.</summary>
    public Author? GetAuthor(string? slug)
    {
        if (!IsSafeSegment(slug) || ReadText(["authors", slug + ".md"]) is not { } text)
        {
            return null;
        }

        var (name, paragraphs) = ParseMarkdown(text, slug);
        return new Author(slug, name, paragraphs);
    }

    /// <summary>Every product category (a folder under <c>products/</c>), in ordinal order.</summary>
    public IReadOnlyList<string> GetProductCategories()
    {
        var folder = Path.Combine(_root, "products");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(folder)
            .Where(IsInside)
            .Select(Path.GetFileName)
            .Where(IsSafeSegment)
            .Order(StringComparer.Ordinal)
            .ToArray()!;
    }

    /// <summary>The product ids of a category, in ordinal order; empty for an unknown category.</summary>
    public IReadOnlyList<string> GetProductIds(string? category) =>
        IsSafeSegment(category) ? ListFiles(Path.Combine("products", category), ".json") : [];

    /// <summary>The product, or <see langword="null"/> when there is none.</summary>
    /// <exception cref="InvalidDataException">The product file exists but is not valid product JSON.</exception>
    public Product? GetProduct(string? category, string? id)
    {
        if (!IsSafeSegment(category) || !IsSafeSegment(id) || ReadText(["products", category, id + ".json"]) is not { } text)
        {
            return null;
        }

        ProductFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ProductFile>(text, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"products/{category}/{id}.json is not valid JSON: {ex.Message}", ex);
        }

        if (file is not { Name: { Length: > 0 } name, Price: { } price })
        {
            throw new InvalidDataException($"products/{category}/{id}.json needs a \"name\" and a \"price\".");
        }

        return new Product(category, id, name, price);
    }

    /// <summary>Every doc path (for example <c>guides/deploy/docker</c>), in ordinal order.</summary>
    public IReadOnlyList<string> GetDocPaths()
    {
        var folder = Path.Combine(_root, "docs");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Where(file => string.Equals(Path.GetExtension(file), ".md", StringComparison.Ordinal) && IsInside(file))
            .Select(file => Path.ChangeExtension(Path.GetRelativePath(folder, file), null).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(IsSafeDocPath)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The doc at the given path (segments separated by '/'), or <see langword="null"/> when there is none.</summary>
    public Doc? GetDoc(string? path)
    {
        if (!IsSafeDocPath(path))
        {
            return null;
        }

        var segments = path.Split('/');
        segments[^1] += ".md";
        if (ReadText(["docs", .. segments]) is not { } text)
        {
            return null;
        }

        var (title, paragraphs) = ParseMarkdown(text, segments[^1][..^3]);
        return new Doc(path, title, paragraphs);
    }

    /// <summary>Whether a value is one safe path segment: letters, digits, '-' and '_' only.</summary>
    public static bool IsSafeSegment([NotNullWhen(true)] string? value) =>
        value is { Length: > 0 and <= MaxSegmentLength } && !value.AsSpan().ContainsAnyExcept(SafeCharacters);

    /// <summary>Whether a value is one or more safe segments separated by single '/'.</summary>
    public static bool IsSafeDocPath([NotNullWhen(true)] string? value) =>
        value is { Length: > 0 } && value.Split('/').All(IsSafeSegment);

    private IReadOnlyList<string> ListFiles(string relativeFolder, string extension)
    {
        var folder = Path.Combine(_root, relativeFolder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*" + extension)
            .Where(file => string.Equals(Path.GetExtension(file), extension, StringComparison.Ordinal) && IsInside(file))
            .Select(Path.GetFileNameWithoutExtension)
            .Where(IsSafeSegment)
            .Order(StringComparer.Ordinal)
            .ToArray()!;
    }

    /// <summary>
    /// Reads a file under the content folder, or returns <see langword="null"/> when it is absent or outside: the path as
    /// written, and the real path its links lead to, must both lie inside the folder.
    /// </summary>
    private string? ReadText(string[] segments)
    {
        var path = Path.GetFullPath(Path.Combine([_root, .. segments]));
        if (!path.StartsWith(_root, StringComparison.Ordinal) || RealPaths.Resolve(path) is not { } real || !real.StartsWith(_realRoot, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(real);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether an entry found under the content folder really lies inside it once its links are resolved.</summary>
    private bool IsInside(string path) => RealPaths.Resolve(path) is { } real && real.StartsWith(_realRoot, StringComparison.Ordinal);

    /// <summary>Splits markdown-ish text into its <c># Title</c> line and paragraphs (separated by blank lines).</summary>
    private static (string Title, IReadOnlyList<string> Paragraphs) ParseMarkdown(string text, string fallbackTitle)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var title = fallbackTitle;
        var start = 0;
        if (lines.Length > 0 && lines[0].StartsWith("# ", StringComparison.Ordinal))
        {
            title = lines[0][2..].Trim();
            start = 1;
        }

        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var line in lines.Skip(start))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                Flush();
            }
            else
            {
                current.Add(line.Trim());
            }
        }

        Flush();
        return (title, paragraphs);

        void Flush()
        {
            if (current.Count > 0)
            {
                paragraphs.Add(string.Join(' ', current));
                current.Clear();
            }
        }
    }

    private sealed record ProductFile(string? Name, decimal? Price);
}
