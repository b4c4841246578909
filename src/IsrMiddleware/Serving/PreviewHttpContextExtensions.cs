using IsrMiddleware.Serving;

namespace Microsoft.AspNetCore.Http;

/// <summary>What a page can learn about preview (draft mode).</summary>
public static class PreviewHttpContextExtensions
{
    /// <summary>
    /// Whether this request is a preview: an editor with a valid preview cookie (set by <c>MapPreviewEndpoint</c>) gets a
    /// static route rendered live, never stored, never served to anyone else. The page may show drafts.
    /// </summary>
    public static bool IsPreview(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<PreviewFeature>() is not null;
    }
}
