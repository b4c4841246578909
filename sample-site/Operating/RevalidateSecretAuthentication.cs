using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using IsrMiddleware;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SampleSite.Operating;

/// <summary>
/// Authenticates the operator with the revalidation secret (<c>Isr:RevalidateSecret</c>), given as the
/// <c>X-Revalidate-Secret</c> header or as the password of HTTP Basic authentication (any user name), so that a
/// browser can open the status page. Compared in constant time; without a configured secret nobody is authenticated.
/// </summary>
internal sealed class RevalidateSecretAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<StaticParamsOptions> isr) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "RevalidateSecret";
    public const string HeaderName = "X-Revalidate-Secret";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = isr.Value.RevalidateSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var (user, given) = Given();
        if (given is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret))))
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong revalidation secret"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, string.IsNullOrEmpty(user) ? "operator" : user)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"IsrMiddleware status\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    /// <summary>The secret from the header, else the Basic password; with the Basic user name when there is one.</summary>
    private (string? User, string? Secret) Given()
    {
        if (Request.Headers[HeaderName] is { Count: 1 } header)
        {
            return (null, header.ToString());
        }

        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var authorization)
            || !string.Equals(authorization.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || authorization.Parameter is null)
        {
            return (null, null);
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (pair[..colon], pair[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
