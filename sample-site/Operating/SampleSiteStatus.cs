using Microsoft.AspNetCore.Authentication;

namespace SampleSite.Operating;

/// <summary>The status page at <c>/_isr</c>, for operators holding the revalidation secret.</summary>
internal static class SampleSiteStatus
{
    public const string PolicyName = "isr-operator";

    public static WebApplicationBuilder AddSampleSiteStatus(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, RevalidateSecretAuthentication>(RevalidateSecretAuthentication.SchemeName, null);
        builder.Services.AddAuthorization(options => options.AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(RevalidateSecretAuthentication.SchemeName)
            .RequireAuthenticatedUser()));
        return builder;
    }

    /// <summary>Maps <c>/_isr</c>, <c>/_isr/status.json</c> and the page's actions; 401 with a Basic challenge without the secret.</summary>
    public static IEndpointConventionBuilder MapSampleSiteStatus(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapStaticParamsStatus("/_isr").RequireAuthorization(PolicyName);
}
