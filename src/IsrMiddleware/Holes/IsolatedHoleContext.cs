using System.Collections;
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
    public static HttpContext Create(HttpContext live, IServiceProvider services) => new DefaultHttpContext(new HoleFeatures(live.Features, services));

    /// <summary>
    /// A view of the live request's features: the request-side ones it lets through are read from the live collection;
    /// the response, the request services and whatever the hole's context adds are its own.
    /// </summary>
    private sealed class HoleFeatures(IFeatureCollection live, IServiceProvider services) : IFeatureCollection, IServiceProvidersFeature
    {
        private static readonly Type[] Shared =
        [
            typeof(IHttpRequestFeature),
            typeof(IHttpRequestIdentifierFeature),
            typeof(IHttpConnectionFeature),
            typeof(ITlsConnectionFeature),
            typeof(IHttpRequestLifetimeFeature),
            typeof(IHttpAuthenticationFeature),
            typeof(IRequestCookiesFeature),
            typeof(IQueryFeature),
            typeof(IRouteValuesFeature),
            typeof(IEndpointFeature),
        ];

        private readonly FeatureCollection _own = new(4);

        public IServiceProvider RequestServices { get; set; } = services;

        public bool IsReadOnly => false;

        public int Revision => _own.Revision + live.Revision;

        public object? this[Type key]
        {
            get
            {
                if (_own[key] is { } own)
                {
                    return own;
                }

                if (key == typeof(IServiceProvidersFeature))
                {
                    return this;
                }

                if (key == typeof(IHttpResponseFeature) || key == typeof(IHttpResponseBodyFeature))
                {
                    // Made on first use, so a hole that never touches its response pays nothing for one.
                    _own.Set<IHttpResponseFeature>(new HttpResponseFeature());
                    _own.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
                    return _own[key];
                }

                return Array.IndexOf(Shared, key) >= 0 ? live[key] : null;
            }
            set => _own[key] = value;
        }

        public TFeature? Get<TFeature>() => (TFeature?)this[typeof(TFeature)];

        public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
        {
            foreach (var type in Shared)
            {
                if (_own[type] is null && live[type] is { } feature)
                {
                    yield return new(type, feature);
                }
            }

            foreach (var feature in _own)
            {
                yield return feature;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
