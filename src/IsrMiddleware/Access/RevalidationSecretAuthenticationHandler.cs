using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Access;

/// <summary>
/// Authenticates an operator by the revalidation secret, given as the <c>X-Revalidate-Secret</c> header or as the
/// password of HTTP Basic authentication (any user name), through the <see cref="SecretGuard"/>: a client past its
/// budget of wrong secrets is answered 429 with <c>Retry-After</c>, others 401 with a Basic challenge so that a browser
/// asks. It writes no log line of its own per request: refusals are logged by the guard, throttled.
/// </summary>
internal sealed class RevalidationSecretAuthenticationHandler(SecretGuard guard) : IAuthenticationHandler
{
    private const string Door = "Secret-protected endpoint";

    private AuthenticationScheme? _scheme;
    private HttpContext? _context;
    private SecretCheck? _check;
    private AuthenticateResult? _result;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    public async Task<AuthenticateResult> AuthenticateAsync()
    {
        // Once per request, however many policies ask: a wrong secret counts once. Only an endpoint that asks for this
        // scheme checks a secret: as the app's only scheme it is also its default, and a page anyone may read must
        // never count (or refuse) a secret sent to it.
        return _result ??= await IsAskedForAsync().ConfigureAwait(false) ? Authenticate() : AuthenticateResult.NoResult();
    }

    public Task ChallengeAsync(AuthenticationProperties? properties)
    {
        var response = Context.Response;
        if (_check is { Verdict: SecretVerdict.Limited } limited)
        {
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            limited.WriteRetryAfter(response);
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = "Basic realm=\"IsrMiddleware\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        Context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized.");

    /// <summary>Whether the endpoint's authorization names this scheme (directly, or in the policy it names, or the default one).</summary>
    private async Task<bool> IsAskedForAsync()
    {
        if (Context.GetEndpoint()?.Metadata is not { } metadata)
        {
            return false;
        }

        var name = _scheme!.Name;
        if (metadata.GetOrderedMetadata<AuthorizationPolicy>().Any(policy => policy.AuthenticationSchemes.Contains(name)))
        {
            return true;
        }

        var policies = Context.RequestServices.GetService<IAuthorizationPolicyProvider>();
        foreach (var data in metadata.GetOrderedMetadata<IAuthorizeData>())
        {
            if (data.AuthenticationSchemes?.Split(',').Any(scheme => scheme.Trim() == name) == true)
            {
                return true;
            }

            var policy = policies is null ? null
                : data.Policy is { } named ? await policies.GetPolicyAsync(named).ConfigureAwait(false)
                : await policies.GetDefaultPolicyAsync().ConfigureAwait(false);
            if (policy?.AuthenticationSchemes.Contains(name) == true)
            {
                return true;
            }
        }

        return false;
    }

    private AuthenticateResult Authenticate()
    {
        if (!guard.IsSet)
        {
            return AuthenticateResult.NoResult();
        }

        var (user, given) = Given(Context.Request);
        var check = guard.Check(Context, given, Door, quietWhenMissing: true);
        _check = check;
        switch (check.Verdict)
        {
            case SecretVerdict.Valid:
                var scheme = _scheme!.Name;
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, string.IsNullOrEmpty(user) ? "operator" : user)], scheme);
                return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), scheme));
            case SecretVerdict.Missing:
                return AuthenticateResult.NoResult();
            default:
                return AuthenticateResult.Fail(check.Why);
        }
    }

    /// <summary>The secret from the header, else the Basic password; with the Basic user name when there is one.</summary>
    private static (string? User, string? Secret) Given(HttpRequest request)
    {
        if (request.Headers[RevalidationSecret.Header] is { Count: 1 } header)
        {
            return (null, header.ToString());
        }

        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var authorization)
            || !string.Equals(authorization.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || authorization.Parameter is not { Length: <= 4096 } parameter)
        {
            return (null, null);
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (pair[..colon], pair[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
