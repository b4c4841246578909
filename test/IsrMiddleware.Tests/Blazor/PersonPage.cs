using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Http;

namespace IsrMiddleware.Tests.Blazor;

/// <summary>A static-SSR page declared the Blazor way: <c>@page</c> and <c>@attribute [StaticParams]</c>.</summary>
[Route("/people/{slug}")]
[StaticParams(typeof(PeopleParams), UnknownParams = UnknownParams.Blocking, Tags = ["people"])]
public sealed class PersonPage : ComponentBase
{
    [Parameter]
    public string Slug { get; set; } = string.Empty;

    [Inject]
    public RenderCounter Renders { get; set; } = null!;

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    protected override void OnInitialized() => Renders.Record("/people/" + Slug);

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "h1");
        builder.AddContent(1, "person " + Slug);
        builder.CloseElement();
        builder.OpenElement(2, "a");
        builder.AddAttribute(3, "href", "/people/b");
        builder.AddContent(4, "next");
        builder.CloseElement();
    }
}
