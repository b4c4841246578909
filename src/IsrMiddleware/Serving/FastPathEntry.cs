using IsrMiddleware.Declaration;

namespace IsrMiddleware.Serving;

/// <summary>
/// A declared page that routing was found to give to its static route: the route, the page's key, and whether a HEAD
/// of the same path reaches it too (no other endpoint takes HEAD there).
/// </summary>
internal sealed record FastPathEntry(StaticRoute Route, string Key, bool Head);
