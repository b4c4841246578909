using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;

namespace IsrMiddleware.Tests.Blazor;

/// <summary>The root component of the test Blazor apps: a document around a router over this assembly's pages.</summary>
public sealed class BlazorRoot : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.AddMarkupContent(0, "<!DOCTYPE html><html><head><title>test</title></head><body>");
        builder.OpenComponent<Router>(1);
        builder.AddComponentParameter(2, nameof(Router.AppAssembly), typeof(BlazorRoot).Assembly);
        builder.AddComponentParameter(3, nameof(Router.Found), (RenderFragment<RouteData>)(routeData => inner =>
        {
            inner.OpenComponent<RouteView>(0);
            inner.AddComponentParameter(1, nameof(RouteView.RouteData), routeData);
            inner.CloseComponent();
        }));
        builder.CloseComponent();
        builder.AddMarkupContent(4, "</body></html>");
    }
}
