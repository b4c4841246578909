using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using IsrMiddleware.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Revalidation;

/// <summary>
/// The revalidation endpoint: a secret in <c>X-Revalidate-Secret</c> compared in constant time, a rate limit per client
/// address, then <c>path=</c> or <c>tag=</c> (and <c>mode=lazy|eager</c>) from the query or a form.
/// </summary>
internal sealed class RevalidateEndpointHandler : IDisposable
{
    public const string SecretHeader = "X-Revalidate-Secret";

    private readonly IPageRevalidator _revalidator;
    private readonly ILogger<RevalidateEndpointHandler> _logger;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly byte[]? _secretHash;

    public RevalidateEndpointHandler(IPageRevalidator revalidator, IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<RevalidateEndpointHandler> logger)
    {
        _revalidator = revalidator;
        _logger = logger;
        var secret = options.Value.RevalidateSecret;
        _secretHash = string.IsNullOrEmpty(secret) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var permits = options.Value.RevalidateRequestsPerMinute;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public bool HasSecret => _secretHash is not null;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context);
        if (!lease.IsAcquired)
        {
            return Refuse(context, StatusCodes.Status429TooManyRequests, "too many requests");
        }

        if (!HasValidSecret(context.Request))
        {
            return Refuse(context, StatusCodes.Status401Unauthorized, "missing or wrong " + SecretHeader);
        }

        var (path, tag, modeText) = await ReadTargetAsync(context.Request).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(path) && string.IsNullOrWhiteSpace(tag))
        {
            return Results.Json(new RevalidateError("give path= or tag="), RevalidateJsonContext.Default.RevalidateError, statusCode: StatusCodes.Status400BadRequest);
        }

        if (!TryParseMode(modeText, out var mode))
        {
            return Results.Json(new RevalidateError($"mode '{modeText}' is neither lazy nor eager"), RevalidateJsonContext.Default.RevalidateError, statusCode: StatusCodes.Status400BadRequest);
        }

        var report = string.IsNullOrWhiteSpace(path)
            ? await _revalidator.RevalidateTagAsync(tag!, mode, context.RequestAborted).ConfigureAwait(false)
            : await _revalidator.RevalidatePathAsync(path, mode, context.RequestAborted).ConfigureAwait(false);
        var body = new RevalidateResponse(
            Revalidated: true,
            Mode: mode == RevalidationMode.Eager ? "eager" : "lazy",
            Path: string.IsNullOrWhiteSpace(path) ? null : path,
            Tag: string.IsNullOrWhiteSpace(path) ? tag : null,
            Pages: report.Pages.Select(page => new RevalidatedPage(page.Path, OutcomeName(page.Outcome))).ToArray());
        return Results.Json(body, RevalidateJsonContext.Default.RevalidateResponse);
    }

    public void Dispose() => _limiter.Dispose();

    private IResult Refuse(HttpContext context, int status, string why)
    {
        RevalidationLog.EndpointRefused(_logger, context.Connection.RemoteIpAddress?.ToString(), why);
        return Results.Json(new RevalidateError(why), RevalidateJsonContext.Default.RevalidateError, statusCode: status);
    }

    private bool HasValidSecret(HttpRequest request)
    {
        if (_secretHash is null || !request.Headers.TryGetValue(SecretHeader, out var given) || given.Count != 1 || string.IsNullOrEmpty(given[0]))
        {
            return false;
        }

        // Both sides hashed first, so that the comparison takes the same time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given[0]!)), _secretHash);
    }

    private static async Task<(string? Path, string? Tag, string? Mode)> ReadTargetAsync(HttpRequest request)
    {
        string? path = request.Query["path"], tag = request.Query["tag"], mode = request.Query["mode"];
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
                path ??= form["path"];
                tag ??= form["tag"];
                mode ??= form["mode"];
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                return (null, null, null);
            }
        }

        return (path, tag, mode);
    }

    private static bool TryParseMode(string? text, out RevalidationMode mode)
    {
        mode = RevalidationMode.Lazy;
        if (string.IsNullOrEmpty(text) || text.Equals("lazy", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("eager", StringComparison.OrdinalIgnoreCase))
        {
            mode = RevalidationMode.Eager;
            return true;
        }

        return false;
    }

    private static string OutcomeName(RevalidationOutcome outcome) => outcome switch
    {
        RevalidationOutcome.MarkedStale => "marked-stale",
        RevalidationOutcome.Regenerated => "regenerated",
        RevalidationOutcome.Removed => "removed",
        RevalidationOutcome.Failed => "failed",
        RevalidationOutcome.NotCached => "not-cached",
        _ => "no-route",
    };
}
