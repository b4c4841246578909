using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IsrMiddleware.Holes;

/// <summary>
/// The context a hole renderer sees: the live request's features (user, cookies, query, items), a response of its own
/// that nobody reads, and request services from the hole's own scope. A renderer that sets a status, a header or a
/// cookie, or writes a body, changes nothing of the page's response.
/// </summary>
internal static class IsolatedHoleContext
{
    public static HttpContext Create(HttpContext live, IServiceProvider services)
    {
        var features = new FeatureCollection(live.Features);
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        features.Set<IResponseCookiesFeature>(new ResponseCookiesFeature(features));
        features.Set<IServiceProvidersFeature>(new RequestServicesFeature(services));
        return new DefaultHttpContext(features);
    }

    private sealed class RequestServicesFeature(IServiceProvider services) : IServiceProvidersFeature
    {
        public IServiceProvider RequestServices { get; set; } = services;
    }
}
