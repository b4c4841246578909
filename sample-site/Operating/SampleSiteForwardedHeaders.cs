using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SampleSite.Operating;

/// <summary>
/// The client's address and scheme as a trusted reverse proxy forwards them (<c>X-Forwarded-For</c>,
/// <c>X-Forwarded-Proto</c>; not <c>X-Forwarded-Host</c>, which the shipped nginx passes from the client unchanged),
/// so that behind a TLS-terminating proxy the app sees <c>https</c> (secure cookies, origin checks) and the real client (rate limits, logs). Only the proxies named in the
/// <c>ForwardedHeaders</c> section (and loopback, the platform's default) are believed; from anyone else the headers
/// are ignored.
/// </summary>
internal static class SampleSiteForwardedHeaders
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>
    /// Reads <c>ForwardedHeaders:KnownProxies</c> (IP addresses), <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges such
    /// as <c>10.0.0.0/8</c>), each a list or one comma-separated value, and <c>ForwardedHeaders:ForwardLimit</c> (default
    /// 1: one proxy in front). A value that is not an address or a range stops the start with an error naming it.
    /// </summary>
    public static WebApplicationBuilder AddSampleSiteForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var section = configuration.GetSection(SectionName);
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var value in Values(section.GetSection("KnownProxies")))
            {
                options.KnownProxies.Add(IPAddress.TryParse(value, out var address)
                    ? address
                    : throw new InvalidOperationException($"{SectionName}:KnownProxies: '{value}' is not an IP address."));
            }

            foreach (var value in Values(section.GetSection("KnownNetworks")))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(value, out var network)
                    ? network
                    : throw new InvalidOperationException($"{SectionName}:KnownNetworks: '{value}' is not a network in CIDR notation (such as 10.0.0.0/8)."));
            }

            if (section.GetValue<int?>("ForwardLimit") is { } limit)
            {
                options.ForwardLimit = limit;
            }
        });
        return builder;
    }

    /// <summary>The section's list items, or its one value split on commas.</summary>
    private static IEnumerable<string> Values(IConfigurationSection section)
    {
        var values = section.Value is { } single
            ? single.Split(',')
            : section.GetChildren().Select(child => child.Value ?? string.Empty);
        return values.Select(value => value.Trim()).Where(value => value.Length > 0);
    }
}
