namespace IsrMiddleware;

/// <summary>An internal link of an exported page that resolves to no exported file.</summary>
/// <param name="Page">The key of the page the link is on.</param>
/// <param name="Link">The link as written in the page.</param>
public sealed record BrokenLink(string Page, string Link);
