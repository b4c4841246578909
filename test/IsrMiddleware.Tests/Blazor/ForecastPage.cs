using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace IsrMiddleware.Tests.Blazor;

/// <summary>A page that streams, as the template's Weather page does: a placeholder first, the data once it has loaded.</summary>
[Route("/forecast/{slug}")]
[StreamRendering]
[StaticParams(typeof(PeopleParams), Tags = ["forecast"])]
public sealed class ForecastPage : ComponentBase
{
    private string? _forecast;

    [Parameter]
    public string Slug { get; set; } = string.Empty;

    protected override async Task OnInitializedAsync()
    {
        await Task.Yield();
        _forecast = "sunny in " + Slug;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "h1");
        builder.AddContent(1, "forecast");
        builder.CloseElement();
        builder.OpenElement(2, "p");
        builder.AddContent(3, _forecast ?? "Loading...");
        builder.CloseElement();
    }
}
