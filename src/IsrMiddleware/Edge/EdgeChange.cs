namespace IsrMiddleware.Edge;

/// <summary>One change waiting for the edge: pages (by key) and tags.</summary>
internal sealed record EdgeChange(IReadOnlyList<string> Paths, IReadOnlyList<string> Tags);
