using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Status;

/// <summary>
/// Cross-site request forgery protection for the status page's actions. A browser sends stored credentials (HTTP
/// Basic, cookies) with a form posted from any site, so an action must also prove it came from the status page:
/// <list type="bullet">
/// <item>a token only that page carries: an HMAC-SHA256 of the current hour with a key derived from the revalidation
/// secret, so that every instance sharing the secret accepts a form another one served; the current and the previous
/// hour are accepted (without a secret, the key is random per process and forms work on the instance that served them);</item>
/// <item>when the browser says where the request comes from, the same origin: <c>Sec-Fetch-Site</c> is
/// <c>same-origin</c> or <c>none</c>, and <c>Origin</c> has the scheme and host of the request as the app sees it
/// (after <c>UseForwardedHeaders</c>); its port must match the <c>Host</c>'s port (the scheme's default when the Origin
/// names none), unless the <c>Host</c> carries no port, as behind a proxy that passes the host name alone.</item>
/// </list>
/// </summary>
internal sealed class StatusActionGuard
{
    /// <summary>How long a token is issued for; a form is accepted for one to two windows after it was served.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("IsrMiddleware status form token v1");

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public StatusActionGuard(IOptions<StaticParamsOptions> options, TimeProvider time)
    {
        var secret = options.Value.RevalidateSecret;
        _key = string.IsNullOrEmpty(secret)
            ? RandomNumberGenerator.GetBytes(32)
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Purpose);
        _time = time;
    }

    /// <summary>The token the status page's forms carry now.</summary>
    public string Issue() => WebEncoders.Base64UrlEncode(Sign(CurrentWindow()));

    /// <summary>Returns <see langword="null"/> when the action may run, else why not.</summary>
    public string? Check(HttpRequest request, string? token)
    {
        if (request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site && site.ToString() is not ("same-origin" or "none"))
        {
            return "the request comes from another site";
        }

        if (request.Headers.Origin is { Count: > 0 } origin && !IsSameOrigin(origin.ToString(), request))
        {
            return "the request comes from another origin";
        }

        return IsValid(token) ? null : "the form's token is missing or wrong: reload the status page and try again";
    }

    /// <summary>Whether <paramref name="origin"/> names the request's scheme and host, and its port as described above.</summary>
    public static bool IsSameOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || uri.AbsolutePath != "/"
            || !string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            || !request.Host.HasValue
            || !string.Equals(uri.Host, HostName(request.Host), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return request.Host.Port is not { } port || uri.Port == port;
    }

    private static string HostName(HostString host)
    {
        var name = host.Host;
        return name.StartsWith('[') ? name : name.TrimEnd('.');
    }

    private bool IsValid(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return false;
        }

        var window = CurrentWindow();
        // Both compared, so the time taken does not say which window matched.
        var current = CryptographicOperations.FixedTimeEquals(given, Sign(window));
        var previous = CryptographicOperations.FixedTimeEquals(given, Sign(window - 1));
        return current | previous;
    }

    private long CurrentWindow() => _time.GetUtcNow().ToUnixTimeSeconds() / (long)Window.TotalSeconds;

    private byte[] Sign(long window) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("window:" + window.ToString(CultureInfo.InvariantCulture)));
}
