namespace IsrMiddleware;

/// <summary>A page the export could not write: its key, its route and why.</summary>
/// <param name="Key">The page key (canonical path).</param>
/// <param name="Route">The static route's pattern.</param>
/// <param name="Reason">Why the page was not written.</param>
public sealed record StaticExportFailure(string Key, string Route, string Reason);
