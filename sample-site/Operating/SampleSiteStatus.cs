namespace SampleSite.Operating;

/// <summary>The status page at <c>/_isr</c>, for operators holding the revalidation secret.</summary>
internal static class SampleSiteStatus
{
    public static WebApplicationBuilder AddSampleSiteStatus(this WebApplicationBuilder builder)
    {
        // The revalidation secret as the X-Revalidate-Secret header or an HTTP Basic password, with the same limit on
        // wrong secrets (per client address) as /api/revalidate and /api/preview.
        builder.Services.AddAuthentication().AddRevalidationSecret();
        return builder;
    }

    /// <summary>Maps <c>/_isr</c>, <c>/_isr/status.json</c> and the page's actions; 401 with a Basic challenge without the secret.</summary>
    public static IEndpointConventionBuilder MapSampleSiteStatus(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapStaticParamsStatus("/_isr").RequireRevalidationSecret();
}
