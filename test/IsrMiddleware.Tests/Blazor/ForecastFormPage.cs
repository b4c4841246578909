using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;

namespace IsrMiddleware.Tests.Blazor;

/// <summary>A streaming page with a form: its antiforgery cookie is used, so it is never cached.</summary>
[Route("/forecast-form/{slug}")]
[StreamRendering]
[StaticParams(typeof(PeopleParams))]
public sealed class ForecastFormPage : ComponentBase
{
    [Parameter]
    public string Slug { get; set; } = string.Empty;

    protected override async Task OnInitializedAsync() => await Task.Yield();

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "form");
        builder.AddAttribute(1, "method", "post");
        builder.OpenComponent<AntiforgeryToken>(2);
        builder.CloseComponent();
        builder.AddContent(3, "subscribe to " + Slug);
        builder.CloseElement();
    }
}
