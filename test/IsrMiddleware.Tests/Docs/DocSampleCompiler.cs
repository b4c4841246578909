using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IsrMiddleware.Tests.Docs;

/// <summary>
/// Compiles the samples of one markdown file in-process with Roslyn, as a web project would (the Web SDK's implicit
/// usings, nullable enabled, warnings as errors), against the assemblies this test runs with (the libraries and the
/// ASP.NET Core shared framework). Each <c>Program.cs</c> block is one compilation (with the file's class blocks, as
/// other files of its project); the class and statements blocks of a file are one compilation together.
/// </summary>
internal static class DocSampleCompiler
{
    /// <summary>The variables a statements block may use without declaring them, as a <c>Program.cs</c> has them.</summary>
    private static readonly Dictionary<string, string> KnownVariables = new(StringComparer.Ordinal)
    {
        ["args"] = "string[]",
        ["builder"] = "WebApplicationBuilder",
        ["app"] = "WebApplication",
        ["revalidator"] = "IsrMiddleware.IPageRevalidator",
        ["context"] = "HttpContext",
    };

    /// <summary>The global usings of a project on <c>Microsoft.NET.Sdk.Web</c> with <c>ImplicitUsings</c> enabled.</summary>
    private const string WebImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    /// <summary>The errors of every compiled sample of the file, each as <c>file(line,column): error CSxxxx: message</c>.</summary>
    public static IReadOnlyList<string> Compile(IReadOnlyList<DocSample> samples)
    {
        var usings = CSharpSyntaxTree.ParseText(WebImplicitUsings, ParseOptions, "GlobalUsings.g.cs", Encoding.UTF8);
        var classes = samples.Where(s => s.Kind == DocSampleKind.Class).Select(Tree).ToList();
        var statements = samples.Where(s => s.Kind == DocSampleKind.Statements).Select(Tree).ToList();
        var errors = new List<string>();

        foreach (var program in samples.Where(s => s.Kind == DocSampleKind.Program))
        {
            errors.AddRange(Errors(OutputKind.ConsoleApplication, [usings, Tree(program), .. classes]));
        }

        if (classes.Count + statements.Count > 0)
        {
            errors.AddRange(Errors(OutputKind.DynamicallyLinkedLibrary, [usings, .. classes, .. statements]));
        }

        return errors.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Errors(OutputKind kind, IReadOnlyList<SyntaxTree> trees)
    {
        var options = new CSharpCompilationOptions(
            kind,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            warningLevel: 9999,
            specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
            {
                // As the SDK: assembly unification notes between framework versions are not the sample's fault.
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        var compilation = CSharpCompilation.Create("DocSamples", trees, References.Value, options);
        return compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(diagnostic => diagnostic.ToString());
    }

    /// <summary>The block as a syntax tree whose positions map back to its lines in the markdown file.</summary>
    private static SyntaxTree Tree(DocSample sample)
    {
        var line = $"#line {sample.Line} \"{sample.File}\"\n";
        var text = sample.Kind switch
        {
            DocSampleKind.Statements => Wrap(sample, line),
            _ => line + sample.Code,
        };
        return CSharpSyntaxTree.ParseText(text, ParseOptions, $"{sample.File}.{sample.Line}.cs", Encoding.UTF8);
    }

    /// <summary>A statements block as the body of a method whose parameters are the variables it names.</summary>
    private static string Wrap(DocSample sample, string line)
    {
        var parameters = sample.Variables.Select(name => KnownVariables.TryGetValue(name, out var type)
            ? $"{type} {name}"
            : throw new FormatException($"{sample}: 'compile: statements' names '{name}'; known: {string.Join(", ", KnownVariables.Keys)}."));
        var async = sample.Code.Contains("await ", StringComparison.Ordinal) ? "async " : string.Empty;
        return $$"""
            using IsrMiddleware;

            internal static class Sample_{{sample.Line}}
            {
                internal static {{async}}Task RunAsync({{string.Join(", ", parameters)}})
                {
            {{line}}{{sample.Code}}
            #line default
            {{(async.Length == 0 ? "        return Task.CompletedTask;" : string.Empty)}}
                }
            }
            """;
    }

    /// <summary>Every assembly the test host may load, but the sample site and these tests (their types would clash).</summary>
    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "SampleSite", "IsrMiddleware.Tests", "testhost" };
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return paths
            .Where(path => !excluded.Contains(Path.GetFileNameWithoutExtension(path)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }
}
