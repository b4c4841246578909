using IsrMiddleware.Tests.Infrastructure;
using System.Text.RegularExpressions;

namespace IsrMiddleware.Tests.Docs;

/// <summary>Reads the <c>```csharp</c> blocks of the README and of <c>docs/*.md</c>, with the compile comment before each.</summary>
internal static partial class DocSamples
{
    /// <summary>README.md and every <c>docs/*.md</c>, relative to the repository root.</summary>
    public static IReadOnlyList<string> MarkdownFiles()
    {
        var root = Repository.Root;
        var docs = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        return ["README.md", .. docs];
    }

    public static IReadOnlyList<DocSample> Read(string file) =>
        Parse(file, File.ReadAllText(Path.Combine(Repository.Root, file)));

    public static IReadOnlyList<DocSample> Parse(string file, string markdown)
    {
        var text = markdown.ReplaceLineEndings("\n");
        var samples = new List<DocSample>();
        foreach (Match match in CSharpBlock().Matches(text))
        {
            var fenceLine = LineOf(text, match.Index);
            var code = Dedent(match.Groups["code"].Value, match.Groups["indent"].Value.Length);
            var comment = CommentBefore(text, match.Index);
            samples.Add(Classify(file, fenceLine + 1, code, comment));
        }

        return samples;
    }

    private static DocSample Classify(string file, int line, string code, string? comment)
    {
        if (comment is null)
        {
            return new DocSample(file, line, DocSampleKind.Program, code, [], null);
        }

        var directive = CompileDirective().Match(comment);
        if (!directive.Success)
        {
            throw new FormatException(
                $"{file}:{line}: the comment before the block, '{comment}', is not 'compile: class', 'compile: statements (a, b)' or 'compile: skip <reason>'.");
        }

        var argument = directive.Groups["argument"].Value.Trim();
        switch (directive.Groups["kind"].Value)
        {
            case "class" when argument.Length == 0:
                return new DocSample(file, line, DocSampleKind.Class, code, [], null);
            case "statements":
                var variables = argument.Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return new DocSample(file, line, DocSampleKind.Statements, code, variables, null);
            case "skip" when argument.Length > 0:
                return new DocSample(file, line, DocSampleKind.Skip, code, [], argument);
            default:
                throw new FormatException($"{file}:{line}: '{comment}': 'class' takes nothing, 'skip' needs a reason.");
        }
    }

    /// <summary>The HTML comment that ends right before the block (blank lines allowed between), if any.</summary>
    private static string? CommentBefore(string text, int fenceIndex)
    {
        var before = text[..fenceIndex].TrimEnd();
        if (!before.EndsWith("-->", StringComparison.Ordinal))
        {
            return null;
        }

        var start = before.LastIndexOf("<!--", StringComparison.Ordinal);
        return start < 0 ? null : before[(start + 4)..^3].Trim();
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static string Dedent(string code, int indent) =>
        indent == 0
            ? code
            : string.Join('\n', code.Split('\n').Select(line => line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart()));

    [GeneratedRegex(@"^(?<indent>[ \t]*)```csharp[ \t]*\n(?<code>.*?)^\k<indent>```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^compile:\s*(?<kind>class|statements|skip)\b(?<argument>.*)$", RegexOptions.Singleline)]
    private static partial Regex CompileDirective();
}
