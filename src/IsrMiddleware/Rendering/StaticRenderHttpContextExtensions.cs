using IsrMiddleware.Rendering;

namespace Microsoft.AspNetCore.Http;

/// <summary>What a page can learn and say about the static render it runs in.</summary>
public static class StaticRenderHttpContextExtensions
{
    /// <summary>Whether this request is a render by the static params middleware (pre-render, regeneration or on demand).</summary>
    public static bool IsStaticRender(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<StaticRenderFeature>() is not null;
    }

    /// <summary>
    /// Whether this render is a fallback shell, served while the real page renders in the background: the page
    /// should render a placeholder without loading data. The browser reloads it shortly (a <c>Refresh</c> header).
    /// </summary>
    public static bool IsStaticFallback(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<StaticRenderFeature>()?.IsFallback == true;
    }

    /// <summary>Adds tags to the page being rendered (for example <c>product:42</c>); ignored outside a static render.</summary>
    public static void AddCacheTags(this HttpContext context, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var tag in tags)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(tag, nameof(tags));
        }

        context.Features.Get<StaticRenderFeature>()?.AddTags(tags);
    }
}
