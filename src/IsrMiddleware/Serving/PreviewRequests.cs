using Microsoft.AspNetCore.Http;
using IsrMiddleware.Access;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Model;

namespace IsrMiddleware.Serving;

/// <summary>
/// Requests of a static route that carry a valid preview cookie: the endpoint runs live for this request only, the
/// response is marked <c>X-Isr-Cache: BYPASS</c> and <c>Cache-Control: private, no-store</c>, and nothing is stored.
/// An invalid or expired cookie is ignored.
/// </summary>
internal sealed class PreviewRequests(PreviewCookie cookie, IsrMetrics metrics)
{
    public const string Bypass = "BYPASS";
    public const string PrivateNoStore = "private, no-store";

    public bool IsPreview(HttpContext context) =>
        cookie.IsEnabled && context.Request.Cookies.TryGetValue(cookie.Name, out var value) && cookie.IsValid(value);

    public Task ServeAsync(HttpContext context, RequestDelegate next)
    {
        context.Features.Set(PreviewFeature.Instance);
        context.Response.OnStarting(
            static state =>
            {
                // Applied last, whatever the page set: a preview is for this editor only.
                var headers = ((HttpResponse)state).Headers;
                headers[CacheHeaders.CacheStatus] = Bypass;
                headers.CacheControl = PrivateNoStore;
                headers.ETag = default;
                return Task.CompletedTask;
            },
            context.Response);
        metrics.Request("preview");
        return next(context);
    }
}
