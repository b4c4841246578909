using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Http;
using IsrMiddleware.Holes;

namespace IsrMiddleware;

/// <summary>
/// <c>&lt;IsrHole Name="greeting"&gt;fallback&lt;/IsrHole&gt;</c>: a live hole in a Blazor static-SSR page. The cached
/// page holds the fallback (<see cref="ChildContent"/>); each request gets the hole's renderer output, streamed in when
/// it is ready. Outside static SSR (no <see cref="HttpContext"/>) it shows the fallback.
/// </summary>
public sealed class IsrHole : ComponentBase
{
    private HoleOutput _output;

    /// <summary>The hole's name, as registered with <c>AddHole</c>.</summary>
    [Parameter]
    [EditorRequired]
    public string? Name { get; set; }

    /// <summary>The fallback: what the cached page, a failed or late hole, and the static export show.</summary>
    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    /// <summary>The request being rendered (static SSR).</summary>
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [Inject]
    private IServiceProvider Services { get; set; } = null!;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        if (HttpContext is null)
        {
            return;
        }

        var markup = (HoleMarkup?)Services.GetService(typeof(HoleMarkup))
            ?? throw new InvalidOperationException("<IsrHole> needs AddStaticParams() in the application's services.");
        // Not ConfigureAwait(false): the component continues on its renderer's dispatcher.
        _output = await markup.RenderAsync(HttpContext, Name);
    }

    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!_output.ShowsFallback)
        {
            builder.AddMarkupContent(0, _output.Live);
            return;
        }

        if (_output.Start is not null)
        {
            builder.AddMarkupContent(1, _output.Start);
        }

        builder.AddContent(2, ChildContent);
        if (_output.End is not null)
        {
            builder.AddMarkupContent(3, _output.End);
        }
    }
}
