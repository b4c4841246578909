using IsrMiddleware;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using IsrMiddleware.Access;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Protects endpoints (the status page, metrics) with the revalidation secret.</summary>
public static class RevalidationSecretAuthenticationExtensions
{
    /// <summary>
    /// Adds an authentication scheme that accepts the revalidation secret (<c>StaticParamsOptions.RevalidateSecret</c>)
    /// as the <c>X-Revalidate-Secret</c> header or as an HTTP Basic password (any user name), with the same limit on
    /// wrong secrets as the revalidation and preview endpoints (<c>SecretFailuresPerMinute</c> per client, then 429
    /// with <c>Retry-After</c>). Without credentials it challenges with HTTP Basic (401), so a browser asks for them.
    /// Needs <c>AddStaticParams</c>.
    /// </summary>
    public static AuthenticationBuilder AddRevalidationSecret(this AuthenticationBuilder builder, string authenticationScheme = RevalidationSecretDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(authenticationScheme);
        builder.Services.AddAuthorization();
        builder.Services.Configure<AuthenticationOptions>(options =>
            options.AddScheme(authenticationScheme, scheme => scheme.HandlerType = typeof(RevalidationSecretAuthenticationHandler)));
        return builder;
    }

    /// <summary>
    /// Requires the revalidation secret on these endpoints, through the scheme <see cref="AddRevalidationSecret"/>
    /// added (by default <see cref="RevalidationSecretDefaults.AuthenticationScheme"/>). The app needs
    /// <c>UseAuthentication</c> and <c>UseAuthorization</c> (added by itself by <c>WebApplication</c>).
    /// </summary>
    public static TBuilder RequireRevalidationSecret<TBuilder>(this TBuilder builder, string authenticationScheme = RevalidationSecretDefaults.AuthenticationScheme)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(authenticationScheme);
        return builder.RequireAuthorization(new AuthorizationPolicyBuilder(authenticationScheme).RequireAuthenticatedUser().Build());
    }
}
