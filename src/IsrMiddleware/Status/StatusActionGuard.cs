using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace IsrMiddleware.Status;

/// <summary>
/// Cross-site request forgery protection for the status page's actions. A browser sends stored credentials (HTTP
/// Basic, cookies) with a form posted from any site, so an action must also prove it came from the status page: a
/// token only that page carries (random per process, compared in constant time), and, when the browser says where the
/// request comes from (<c>Origin</c>, <c>Sec-Fetch-Site</c>), the same origin.
/// </summary>
internal sealed class StatusActionGuard
{
    private readonly byte[] _token = RandomNumberGenerator.GetBytes(32);

    public StatusActionGuard()
    {
        Token = Convert.ToBase64String(_token).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The token the status page's forms carry.</summary>
    public string Token { get; }

    /// <summary>Returns <see langword="null"/> when the action may run, else why not.</summary>
    public string? Check(HttpRequest request, string? token)
    {
        if (request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site && site.ToString() is not ("same-origin" or "none"))
        {
            return "the request comes from another site";
        }

        if (request.Headers.Origin is { Count: > 0 } origin
            && !string.Equals(origin.ToString(), request.Scheme + "://" + request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return "the request comes from another origin";
        }

        var given = Encoding.UTF8.GetBytes(token ?? string.Empty);
        var expected = Encoding.UTF8.GetBytes(Token);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(expected))
            ? null
            : "the form's token is missing or wrong: reload the status page and try again";
    }
}
