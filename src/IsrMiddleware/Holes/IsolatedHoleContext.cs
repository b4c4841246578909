using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace IsrMiddleware.Holes;

/// <summary>
/// The context a hole renderer sees: the live request's own features (request line and headers, cookies, query, user,
/// connection, lifetime, route), a response of its own that nobody reads, and request services from the hole's own
/// scope. Nothing of the live response is reachable from it: a renderer that sets a status, a header or a cookie, or
/// writes a body, changes nothing of the page's response.
/// </summary>
internal static class IsolatedHoleContext
{
    public static HttpContext Create(HttpContext live, IServiceProvider services)
    {
        var source = live.Features;
        var features = new FeatureCollection();
        Copy<IHttpRequestFeature>(source, features);
        Copy<IHttpRequestIdentifierFeature>(source, features);
        Copy<IHttpConnectionFeature>(source, features);
        Copy<ITlsConnectionFeature>(source, features);
        Copy<IHttpRequestLifetimeFeature>(source, features);
        Copy<IHttpAuthenticationFeature>(source, features);
        Copy<IRequestCookiesFeature>(source, features);
        Copy<IQueryFeature>(source, features);
        Copy<IRouteValuesFeature>(source, features);
        Copy<IEndpointFeature>(source, features);
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        features.Set<IServiceProvidersFeature>(new RequestServicesFeature(services));
        return new DefaultHttpContext(features);
    }

    private static void Copy<TFeature>(IFeatureCollection source, IFeatureCollection target)
    {
        if (source.Get<TFeature>() is { } feature)
        {
            target.Set(feature);
        }
    }

    private sealed class RequestServicesFeature(IServiceProvider services) : IServiceProvidersFeature
    {
        public IServiceProvider RequestServices { get; set; } = services;
    }
}
