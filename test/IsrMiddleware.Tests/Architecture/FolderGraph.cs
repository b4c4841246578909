using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IsrMiddleware.Tests.Architecture;

/// <summary>
/// The folders of one library project and the types each names: an edge A → B wherever a file in folder A names
/// (binds to) a type declared in folder B. Types are bound by Roslyn over the project's sources, so a property that
/// shares a type's name is not an edge, and a public type counts in the folder that declares it whatever its namespace.
/// </summary>
internal sealed class FolderGraph
{
    private FolderGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlySet<string>>> edges, IReadOnlyCollection<string> folders)
    {
        Edges = edges;
        Folders = folders;
    }

    /// <summary>Folder → folder it references → the type names that make the edge.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlySet<string>>> Edges { get; }

    public IReadOnlyCollection<string> Folders { get; }

    public static FolderGraph Of(string projectDirectory)
    {
        var files = Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(Path.GetRelativePath(projectDirectory, file)))
            .ToArray();
        var trees = files.Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file)).ToArray();
        var compilation = CSharpCompilation.Create("FolderGraph", trees, References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var edges = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var from = FolderOf(projectDirectory, tree.FilePath);
            folders.Add(from);
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (model.GetSymbolInfo(name).Symbol is not INamedTypeSymbol type)
                {
                    continue;
                }

                foreach (var declaration in type.OriginalDefinition.DeclaringSyntaxReferences)
                {
                    var to = FolderOf(projectDirectory, declaration.SyntaxTree.FilePath);
                    if (to != from)
                    {
                        if (!edges.TryGetValue(from, out var targets))
                        {
                            edges[from] = targets = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                        }

                        if (!targets.TryGetValue(to, out var names))
                        {
                            targets[to] = names = new HashSet<string>(StringComparer.Ordinal);
                        }

                        names.Add(type.Name);
                    }

                    break;
                }
            }
        }

        return new FolderGraph(
            edges.ToDictionary(
                entry => entry.Key,
                entry => (IReadOnlyDictionary<string, IReadOnlySet<string>>)entry.Value.ToDictionary(
                    target => target.Key, target => (IReadOnlySet<string>)target.Value, StringComparer.Ordinal),
                StringComparer.Ordinal),
            folders);
    }

    public bool HasEdge(string from, string to) => Edges.TryGetValue(from, out var targets) && targets.ContainsKey(to);

    /// <summary>Every set of two or more folders that reach each other (strongly connected components).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string folder)
        {
            index[folder] = low[folder] = next++;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var target in Edges.TryGetValue(folder, out var targets) ? targets.Keys : [])
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    low[folder] = Math.Min(low[folder], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[folder] = Math.Min(low[folder], index[target]);
                }
            }

            if (low[folder] == index[folder])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != folder);

                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (var folder in Folders.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return cycles;
    }

    public string Describe(string from, string to) =>
        $"{from} → {to} ({string.Join(", ", Edges[from][to].Order(StringComparer.Ordinal))})";

    /// <summary>The top folder of a file; a file at the project's root is in "(root)".</summary>
    private static string FolderOf(string projectDirectory, string file)
    {
        var relative = Path.GetRelativePath(projectDirectory, file);
        var separator = relative.IndexOfAny(['/', '\\']);
        return separator < 0 || relative.StartsWith("..", StringComparison.Ordinal) ? "(root)" : relative[..separator];
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The assemblies this test process runs on (the shared frameworks and the libraries' packages).</summary>
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                && !Path.GetFileName(path).StartsWith("IsrMiddleware", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));
}
