using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using IsrMiddleware.Holes;

namespace IsrMiddleware;

/// <summary>
/// <c>&lt;isr-hole name="greeting"&gt;fallback&lt;/isr-hole&gt;</c>: a live hole in a Razor page or MVC view (add
/// <c>@addTagHelper *, IsrMiddleware</c>). The cached page holds the fallback; each request gets the hole's renderer
/// output, streamed in when it is ready. The element itself is not written.
/// </summary>
[HtmlTargetElement("isr-hole", Attributes = "name")]
public sealed class HoleTagHelper : TagHelper
{
    /// <summary>The hole's name, as registered with <c>AddHole</c>.</summary>
    [HtmlAttributeName("name")]
    public string? Name { get; set; }

    /// <summary>The view being rendered (set by Razor).</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <inheritdoc />
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var http = ViewContext.HttpContext;
        var markup = (HoleMarkup?)http.RequestServices.GetService(typeof(HoleMarkup))
            ?? throw new InvalidOperationException("<isr-hole> needs AddStaticParams() in the application's services.");
        var hole = await markup.RenderAsync(http, Name).ConfigureAwait(false);
        output.TagName = null;
        if (!hole.ShowsFallback)
        {
            output.Content.SetHtmlContent(hole.Live);
            return;
        }

        var fallback = await output.GetChildContentAsync().ConfigureAwait(false);
        output.Content.SetHtmlContent(new HtmlContentBuilder().AppendHtml(hole.Start ?? string.Empty).AppendHtml(fallback).AppendHtml(hole.End ?? string.Empty));
    }
}
