using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Engine;
namespace IsrMiddleware.Tests.Docs;

/// <summary>
/// Every <c>```csharp</c> block of README.md and docs/*.md compiles. A block with no comment before it is a whole
/// <c>Program.cs</c>; <c>&lt;!-- compile: class --&gt;</c> marks type declarations, <c>&lt;!-- compile: statements (builder) --&gt;</c>
/// statements using the named variables of a <c>Program.cs</c>, <c>&lt;!-- compile: skip reason --&gt;</c> a block that cannot.
/// </summary>
public sealed class DocSamplesCompileTests
{
    public static TheoryData<string> MarkdownFiles() => new(DocSamples.MarkdownFiles());

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_csharp_block_of_the_file_compiles(string file)
    {
        var samples = DocSamples.Read(file);

        var errors = DocSampleCompiler.Compile(samples);

        Assert.True(errors.Count == 0, $"{file}: C# samples that do not compile:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void Readme_stays_a_landing_page_of_at_most_250_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md")).Length;

        Assert.True(lines <= 250, $"README.md has {lines} lines; move reference material to docs/.");
    }

    [Fact]
    public void The_comment_before_a_block_says_how_it_compiles()
    {
        const string markdown = """
            # Title

            ```csharp
            var app = WebApplication.Create();
            ```

            <!-- compile: class -->
            ```csharp
            public sealed class A;
            ```

            - a list item:

              <!-- compile: statements (builder, app) -->
              ```csharp
              app.Run();
              ```

            <!-- compile: skip shows a placeholder -->
            ```csharp
            ...
            ```
            """;

        var samples = DocSamples.Parse("docs/example.md", markdown);

        Assert.Equal([DocSampleKind.Program, DocSampleKind.Class, DocSampleKind.Statements, DocSampleKind.Skip], samples.Select(s => s.Kind));
        Assert.Equal([4, 9, 16, 21], samples.Select(s => s.Line));
        Assert.Equal(["builder", "app"], samples[2].Variables);
        Assert.Equal("app.Run();\n", samples[2].Code);
        Assert.Equal("shows a placeholder", samples[3].SkipReason);
    }

    [Fact]
    public void An_unknown_compile_comment_is_refused()
    {
        const string markdown = "<!-- compile: fragment -->\n```csharp\nvar x = 1;\n```\n";

        var error = Assert.Throws<FormatException>(() => DocSamples.Parse("docs/example.md", markdown));

        Assert.StartsWith("docs/example.md:3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_that_does_not_compile_is_reported_with_its_file_and_line()
    {
        DocSample[] samples =
        [
            new("docs/example.md", 12, DocSampleKind.Statements, "builder.Services.AddStaticParams(options => options.NoSuchOption = 1);\n", ["builder"], null),
            new("docs/example.md", 20, DocSampleKind.Program, "var x = 1;\n", [], null),
        ];

        var errors = DocSampleCompiler.Compile(samples);

        Assert.Contains(errors, error => error.StartsWith("docs/example.md(12,", StringComparison.Ordinal) && error.Contains("NoSuchOption", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("docs/example.md(20,", StringComparison.Ordinal) && error.Contains("CS0219", StringComparison.Ordinal));
    }
}
