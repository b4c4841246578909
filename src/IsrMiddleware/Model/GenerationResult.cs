
namespace IsrMiddleware.Model;

/// <summary>The result of generating a page: the render's outcome, the version now current (if any), and the sequence
/// number of the render (or of the stored version returned without rendering).</summary>
internal sealed record GenerationResult(RenderOutcome Outcome, StoredPage? Page, RenderResult? Render, long Version)
{
    /// <summary>Whether a stored version can be served (a page or a redirect).</summary>
    public bool HasPage => Page is not null;
}
