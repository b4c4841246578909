using System.Text;
using Microsoft.AspNetCore.Http;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Holes;

/// <summary>
/// What a hole declaration writes into the page. In a static render: the hole's markers around its fallback (the
/// cached shell never holds live data). In a live request (a preview, a page that is not cached): the hole itself,
/// rendered now, or the fallback when it fails.
/// </summary>
internal sealed class HoleMarkup(HoleRegistry registry, HoleRunner runner)
{
    public async ValueTask<HoleOutput> RenderAsync(HttpContext context, string? name)
    {
        registry.Require(name);
        if (context.Features.Get<StaticRenderFeature>() is { } render)
        {
            var (start, end) = render.MarkHole(name!);
            return new HoleOutput(start, null, end);
        }

        var html = await runner.RenderAsync(context, name!, context.Request.Path.Value ?? "/", context.RequestAborted).ConfigureAwait(false);
        return html is null ? HoleOutput.Fallback : new HoleOutput(null, Encoding.UTF8.GetString(html), null);
    }
}

/// <summary>
/// A hole declaration's output: either markers to put around the fallback (a render), the live HTML, or neither (the
/// fallback alone).
/// </summary>
internal readonly record struct HoleOutput(string? Start, string? Live, string? End)
{
    public static HoleOutput Fallback => default;

    public bool ShowsFallback => Live is null;
}
