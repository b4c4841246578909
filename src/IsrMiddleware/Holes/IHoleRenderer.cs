using Microsoft.AspNetCore.Html;

namespace IsrMiddleware;

/// <summary>
/// Renders one live hole of a cached page, per request, with the live request (user, cookies, query). Registered by
/// name with <c>AddHole</c> and resolved from a DI scope of its own for every request; several holes of one page run
/// at once. The output is HTML: encode what you put in it.
/// </summary>
public interface IHoleRenderer
{
    /// <summary>
    /// Renders the hole. The response is not yours to change: status, headers, cookies and body writes go to a response
    /// of the hole's own, which nobody reads.
    /// Throwing, or taking longer than <see cref="HoleOptions.Timeout"/>, shows the hole's fallback instead.
    /// </summary>
    ValueTask<IHtmlContent> RenderAsync(HoleContext context, CancellationToken cancellationToken);
}
