using IsrMiddleware.Rendering;

namespace IsrMiddleware.Serving;

/// <summary>The result of generating a page: the render's outcome and the version now current, if any.</summary>
internal sealed record Generation(RenderOutcome Outcome, StoredPage? Page, RenderResult? Render)
{
    /// <summary>Whether a stored version can be served (a page or a redirect).</summary>
    public bool HasPage => Page is not null;
}
