using IsrMiddleware;
using Microsoft.Extensions.DependencyInjection.Extensions;
using IsrMiddleware.Edge;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers edge invalidators: what tells a CDN or a Varnish that pages changed.</summary>
public static class EdgeStaticParamsBuilderExtensions
{
    /// <summary>
    /// Soft-purges (or purges) a Varnish by surrogate key after every change: <c>PURGE {baseAddress}</c> with the keys in
    /// <c>xkey-softpurge</c> (<c>xkey-purge</c> when <paramref name="softPurge"/> is false), as
    /// <c>docker/varnish/default.vcl</c> expects. Adds the <c>xkey</c> header to <see cref="EdgeOptions.SurrogateKeyHeaders"/>.
    /// Call once per Varnish.
    /// </summary>
    public static IStaticParamsBuilder AddVarnishInvalidator(this IStaticParamsBuilder builder, Uri baseAddress, bool softPurge = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RequireHttpUri(baseAddress, nameof(baseAddress));
        builder.Services.Configure<StaticParamsOptions>(options =>
        {
            if (!options.Edge.SurrogateKeyHeaders.Contains("xkey", StringComparer.OrdinalIgnoreCase))
            {
                options.Edge.SurrogateKeyHeaders = [.. options.Edge.SurrogateKeyHeaders, "xkey"];
            }
        });
        return Add(builder, provider => new VarnishInvalidator(provider.GetRequiredService<IHttpClientFactory>(), baseAddress, softPurge));
    }

    /// <summary>
    /// POSTs every batch as JSON (<c>{"surrogateKeys": [...], "paths": [...]}</c>) to <paramref name="url"/>; any answer
    /// but 2xx is retried. Call once per receiver.
    /// </summary>
    public static IStaticParamsBuilder AddWebhookInvalidator(this IStaticParamsBuilder builder, Uri url, Action<WebhookInvalidatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RequireHttpUri(url, nameof(url));
        var settings = new WebhookInvalidatorOptions();
        configure?.Invoke(settings);
        return Add(builder, provider => new WebhookInvalidator(provider.GetRequiredService<IHttpClientFactory>(), url, settings));
    }

    /// <summary>Adds an invalidator of your own (for example for Fastly or Cloudflare), resolved from DI as a singleton.</summary>
    public static IStaticParamsBuilder AddEdgeInvalidator<TInvalidator>(this IStaticParamsBuilder builder)
        where TInvalidator : class, IEdgeInvalidator
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEdgeInvalidator, TInvalidator>());
        return builder;
    }

    private static IStaticParamsBuilder Add(IStaticParamsBuilder builder, Func<IServiceProvider, IEdgeInvalidator> create)
    {
        EdgeServices.AddHttpClient(builder.Services);
        builder.Services.AddSingleton(create);
        return builder;
    }

    private static void RequireHttpUri(Uri? uri, string name)
    {
        ArgumentNullException.ThrowIfNull(uri, name);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{uri}' must be an absolute http or https URI.", name);
        }
    }
}
