using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Access;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Preview;

/// <summary>
/// Enters preview (the revalidation secret in <c>X-Revalidate-Secret</c> or <c>secret=</c>; sets the signed cookie and
/// redirects to <c>path=</c>) and exits it (deletes the cookie). The target must be a local path: no open redirect.
/// </summary>
internal sealed class PreviewEndpointHandler : IDisposable
{
    private const int MaxPathLength = 2048;

    private const string Door = "Preview endpoint";

    private readonly PreviewCookie _cookie;
    private readonly SecretGuard _guard;
    private readonly ILogger<PreviewEndpointHandler> _logger;
    private readonly PartitionedRateLimiter<string> _limiter;

    public PreviewEndpointHandler(PreviewCookie cookie, SecretGuard guard, IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<PreviewEndpointHandler> logger)
    {
        _cookie = cookie;
        _guard = guard;
        _logger = logger;
        _limiter = WindowRateLimiter.PerClient(time, options.Value.RevalidateRequestsPerMinute, SecretGuard.Window);
    }

    public bool HasSecret => _guard.IsSet;

    public IResult Enter(HttpContext context)
    {
        NoStore(context);
        var check = _guard.Check(context, GivenSecret(context.Request), Door);
        if (!check.IsValid)
        {
            check.WriteRetryAfter(context.Response);
            return Results.Json(new ErrorBody(check.Verdict == SecretVerdict.Limited ? check.Why : "missing or wrong secret"), ErrorJsonContext.Default.ErrorBody, statusCode: check.RefusalStatus);
        }

        using (var lease = _limiter.AttemptAcquire(ClientPartition.Of(context)))
        {
            if (!lease.IsAcquired)
            {
                return Refuse(context, StatusCodes.Status429TooManyRequests, "too many requests");
            }
        }

        if (!TryGetLocalPath(context.Request, out var path))
        {
            return Results.Json(new ErrorBody("path must be a local path starting with a single '/'"), ErrorJsonContext.Readable.ErrorBody, statusCode: StatusCodes.Status400BadRequest);
        }

        var (value, expires) = _cookie.Issue();
        context.Response.Cookies.Append(_cookie.Name, value, CookieOptions(context, expires));
        PreviewLog.Entered(_logger, context.Connection.RemoteIpAddress?.ToString(), path, expires);
        return Results.Redirect(path);
    }

    public IResult Exit(HttpContext context)
    {
        NoStore(context);
        if (!TryGetLocalPath(context.Request, out var path))
        {
            return Results.Json(new ErrorBody("path must be a local path starting with a single '/'"), ErrorJsonContext.Readable.ErrorBody, statusCode: StatusCodes.Status400BadRequest);
        }

        context.Response.Cookies.Delete(_cookie.Name, CookieOptions(context, null));
        return Results.Redirect(path);
    }

    public void Dispose() => _limiter.Dispose();

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static CookieOptions CookieOptions(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private IResult Refuse(HttpContext context, int status, string why)
    {
        PreviewLog.Refused(_logger, context.Connection.RemoteIpAddress?.ToString(), why);
        return Results.Json(new ErrorBody(why), ErrorJsonContext.Readable.ErrorBody, statusCode: status);
    }

    private static string? GivenSecret(HttpRequest request) =>
        request.Headers.TryGetValue(RevalidationSecret.Header, out var header) && header.Count == 1
            ? header[0]
            : request.Query.TryGetValue("secret", out var query) && query.Count == 1 ? query[0] : null;

    /// <summary>The <c>path=</c> to redirect to (default <c>/</c>): one leading slash, no scheme or host, no control characters.</summary>
    private static bool TryGetLocalPath(HttpRequest request, out string path)
    {
        var values = request.Query["path"];
        path = values.Count == 0 ? "/" : values[0] ?? string.Empty;
        return values.Count <= 1
            && path.Length is > 0 and <= MaxPathLength
            && path[0] == '/'
            && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'))
            && !path.Any(char.IsControl);
    }
}
