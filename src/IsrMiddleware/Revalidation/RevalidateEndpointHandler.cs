using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Access;

namespace IsrMiddleware.Revalidation;

/// <summary>
/// The revalidation endpoint: a secret in <c>X-Revalidate-Secret</c> compared in constant time, a rate limit per client
/// address, then repeated <c>path=</c>, <c>tag=</c> and <c>prefix=</c> (and <c>mode=lazy|eager</c>, <c>onlyStored=true</c>,
/// <c>confirm=true</c>)
/// from the query, a form or a JSON body, at most <c>MaxRevalidationTargets</c> of them. A page store that cannot be
/// reached answers 503 with <c>Retry-After</c>: nothing is confirmed, and the caller (a CMS webhook) should retry.
/// </summary>
internal sealed class RevalidateEndpointHandler : IDisposable
{
    public const string SecretHeader = RevalidationSecret.Header;

    /// <summary>The <c>Retry-After</c> of a 503: long enough for a store to reconnect, short enough for a webhook's retries.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly IPageRevalidator _revalidator;
    private readonly ILogger<RevalidateEndpointHandler> _logger;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly byte[]? _secretHash;
    private readonly int _maxTargets;
    private readonly int _maxValueLength;

    public RevalidateEndpointHandler(IPageRevalidator revalidator, IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<RevalidateEndpointHandler> logger)
    {
        _revalidator = revalidator;
        _logger = logger;
        var secret = options.Value.RevalidateSecret;
        _secretHash = string.IsNullOrEmpty(secret) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        _maxTargets = options.Value.MaxRevalidationTargets;
        _maxValueLength = options.Value.MaxKeyLength;
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

        var request = await RevalidateRequestReader.ReadAsync(context.Request).ConfigureAwait(false);
        if (request is null)
        {
            return BadRequest("the form or JSON body cannot be read");
        }

        if (Validate(request) is { } error)
        {
            return BadRequest(error);
        }

        TryParseMode(request.Mode, out var mode);
        var options = new RevalidationOptions { Mode = mode, OnlyStored = IsTrue(request.OnlyStored), Confirm = IsTrue(request.Confirm) };
        var targets = request.Paths.Select(RevalidationTarget.Path)
            .Concat(request.Tags.Select(RevalidationTarget.Tag))
            .Concat(request.Prefixes.Select(RevalidationTarget.Prefix))
            .ToArray();
        RevalidationReport report;
        try
        {
            report = await _revalidator.RevalidateAsync(targets, options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (PageStoreUnavailableException ex)
        {
            RevalidateEndpointLog.StoreUnavailable(_logger, targets.Length, ex);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(
                new RevalidateError("the page store is unavailable, retry later: " + ex.Message),
                RevalidateJsonContext.Readable.RevalidateError,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Json(RevalidateResponses.From(report, options), RevalidateJsonContext.Readable.RevalidateResponse);
    }

    public void Dispose() => _limiter.Dispose();

    private IResult Refuse(HttpContext context, int status, string why)
    {
        RevalidateEndpointLog.EndpointRefused(_logger, context.Connection.RemoteIpAddress?.ToString(), why);
        return Results.Json(new RevalidateError(why), RevalidateJsonContext.Readable.RevalidateError, statusCode: status);
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

    private static IResult BadRequest(string why) =>
        Results.Json(new RevalidateError(why), RevalidateJsonContext.Readable.RevalidateError, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Why the request cannot be served, or null.</summary>
    private string? Validate(RevalidateRequest request)
    {
        if (request.Count == 0)
        {
            return "give path=, tag= or prefix=";
        }

        if (request.Count > _maxTargets)
        {
            return $"{request.Count} targets exceed MaxRevalidationTargets ({_maxTargets}): split the call";
        }

        if (!TryParseMode(request.Mode, out _))
        {
            return $"mode '{request.Mode}' is neither lazy nor eager";
        }

        if (request.OnlyStored is { } only && !IsBoolean(only))
        {
            return $"onlyStored '{only}' is neither true nor false";
        }

        if (request.Confirm is { } confirm && !IsBoolean(confirm))
        {
            return $"confirm '{confirm}' is neither true nor false";
        }

        if (request.Prefixes.FirstOrDefault(prefix => !prefix.StartsWith('/')) is { } relative)
        {
            return $"prefix '{relative}' must start with '/'";
        }

        return request.Paths.Concat(request.Tags).Concat(request.Prefixes).FirstOrDefault(value => value.Length > _maxValueLength) is { } tooLong
            ? $"'{tooLong[..Math.Min(32, tooLong.Length)]}...' is longer than {_maxValueLength} characters"
            : null;
    }

    private static bool IsBoolean(string text) => IsTrue(text) || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0";

    private static bool IsTrue(string? text) => text is not null && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1");

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
}
