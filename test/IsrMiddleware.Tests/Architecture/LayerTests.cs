using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.Architecture;

/// <summary>
/// The core's folders form layers: the vocabulary at the bottom, one page engine above it, thin doors on top, and the
/// composition root over all. A folder may name types of lower layers only; the doors never name each other.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Bottom to top; folders on one line are one layer and may not reference each other.</summary>
    private static readonly string[][] CoreLayers =
    [
        ["Model"],
        ["Options"],
        ["Declaration"],
        ["Diagnostics"],
        ["Store"],
        ["Rendering"],
        ["Engine"],
        ["Access"],
        ["Holes"],
        ["Serving", "Revalidation", "Prerendering", "Status", "Preview", "Edge"],
        ["Hosting"],
    ];

    private static readonly Lazy<FolderGraph> Core = new(() => FolderGraph.Of(Path.Combine(Repository.Root, "src", "IsrMiddleware")));

    [Fact]
    public void Core_folders_reference_each_other_without_a_cycle()
    {
        var cycles = Core.Value.Cycles();

        Assert.True(cycles.Count == 0, "Folders that reach each other: " + string.Join("; ", cycles.Select(cycle => string.Join(" ⇄ ", cycle))));
    }

    [Fact]
    public void Core_folders_reference_only_lower_layers()
    {
        var graph = Core.Value;
        var layerOf = CoreLayers.SelectMany((folders, layer) => folders.Select(folder => (folder, layer)))
            .ToDictionary(entry => entry.folder, entry => entry.layer, StringComparer.Ordinal);

        var unplaced = graph.Folders.Where(folder => !layerOf.ContainsKey(folder)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(unplaced.Length == 0, $"Folders with no layer (place them in {nameof(CoreLayers)}): {string.Join(", ", unplaced)}");

        var upward = graph.Edges
            .SelectMany(entry => entry.Value.Keys.Select(to => (From: entry.Key, To: to)))
            .Where(edge => layerOf[edge.To] >= layerOf[edge.From])
            .Select(edge => graph.Describe(edge.From, edge.To))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(upward.Length == 0, "References to the same or a higher layer: " + string.Join("; ", upward));
    }

    [Fact]
    public void The_graph_sees_the_references_it_checks()
    {
        // Guards the two tests above against binding nothing (and so passing on an empty graph).
        var graph = Core.Value;

        Assert.True(graph.HasEdge("Serving", "Engine"), "Serving → Engine not seen");
        Assert.True(graph.HasEdge("Engine", "Store"), "Engine → Store not seen");
        Assert.True(graph.HasEdge("Hosting", "Serving"), "Hosting → Serving not seen");
        Assert.False(graph.HasEdge("Options", "Engine"), "a property named like a type was taken for a reference");
    }

    [Theory]
    [InlineData("IsrMiddleware.Redis")]
    [InlineData("IsrMiddleware.Export")]
    public void Other_library_folders_reference_each_other_without_a_cycle(string project)
    {
        var cycles = FolderGraph.Of(Path.Combine(Repository.Root, "src", project)).Cycles();

        Assert.True(cycles.Count == 0, "Folders that reach each other: " + string.Join("; ", cycles.Select(cycle => string.Join(" ⇄ ", cycle))));
    }
}
