using System.Text;
using IsrMiddleware.Holes;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Http;

/// <summary>Places live holes in pages that write their own HTML (minimal APIs).</summary>
public static class HoleHttpContextExtensions
{
    /// <summary>
    /// The HTML that stands for the hole <paramref name="name"/> in this response: in a static render, the hole's
    /// placeholder around <paramref name="fallbackHtml"/> (filled per request when the cached page is served); in a
    /// live request, the hole rendered now (or the fallback). <paramref name="fallbackHtml"/> is HTML: encode it.
    /// Throws when no hole of that name is registered.
    /// </summary>
    public static async ValueTask<string> RenderHoleAsync(this HttpContext context, string name, string fallbackHtml = "")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fallbackHtml);
        var output = await context.RequestServices.GetRequiredService<HoleMarkup>().RenderAsync(context, name).ConfigureAwait(false);
        return output.ShowsFallback ? new StringBuilder().Append(output.Start).Append(fallbackHtml).Append(output.End).ToString() : output.Live!;
    }
}
