using Microsoft.AspNetCore.Html;

namespace IsrMiddleware.Holes;

/// <summary>A hole renderer given as a function to <c>AddHole</c>.</summary>
internal sealed class DelegateHoleRenderer(Func<HoleContext, CancellationToken, ValueTask<IHtmlContent>> render) : IHoleRenderer
{
    public ValueTask<IHtmlContent> RenderAsync(HoleContext context, CancellationToken cancellationToken) => render(context, cancellationToken);
}
