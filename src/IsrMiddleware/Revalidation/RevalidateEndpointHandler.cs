using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Access;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Revalidation;

/// <summary>
/// The revalidation endpoint: a secret in <c>X-Revalidate-Secret</c> checked by the <see cref="SecretGuard"/> (wrong
/// secrets limited per client), a rate limit per client address on valid calls, then repeated <c>path=</c>, <c>tag=</c>,
/// <c>prefix=</c> and <c>route=</c> (and <c>mode=lazy|eager</c>, <c>onlyStored=true</c>, <c>confirm=true</c>) from the query, a form
/// or a JSON body, at most <c>MaxRevalidationTargets</c> of them. A body that cannot be read is a 400. A page store that
/// cannot be reached answers 503 with <c>Retry-After</c>: nothing is confirmed, and the caller (a CMS webhook) should retry.
/// </summary>
internal sealed class RevalidateEndpointHandler : IDisposable
{
    public const string SecretHeader = RevalidationSecret.Header;

    /// <summary>The <c>Retry-After</c> of a 503: long enough for a store to reconnect, short enough for a webhook's retries.</summary>
    public const int RetryAfterSeconds = 5;

    private const string Door = "Revalidation endpoint";

    private readonly IPageRevalidator _revalidator;
    private readonly SecretGuard _guard;
    private readonly ILogger<RevalidateEndpointHandler> _logger;
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _maxTargets;
    private readonly int _maxValueLength;

    public RevalidateEndpointHandler(
        IPageRevalidator revalidator,
        SecretGuard guard,
        IOptions<StaticParamsOptions> options,
        TimeProvider time,
        ILogger<RevalidateEndpointHandler> logger)
    {
        _revalidator = revalidator;
        _guard = guard;
        _logger = logger;
        _maxTargets = options.Value.MaxRevalidationTargets;
        _maxValueLength = options.Value.MaxKeyLength;
        _limiter = WindowRateLimiter.PerClient(time, options.Value.RevalidateRequestsPerMinute, SecretGuard.Window);
    }

    public bool HasSecret => _guard.IsSet;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var check = _guard.Check(context, GivenSecret(context.Request), Door);
        if (!check.IsValid)
        {
            check.WriteRetryAfter(context.Response);
            var why = check.Verdict == SecretVerdict.Limited ? check.Why : "missing or wrong " + SecretHeader;
            return Results.Json(new RevalidateError(why), RevalidateJsonContext.Default.RevalidateError, statusCode: check.RefusalStatus);
        }

        using (var lease = _limiter.AttemptAcquire(ClientPartition.Of(context)))
        {
            if (!lease.IsAcquired)
            {
                if (lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                {
                    context.Response.Headers.RetryAfter = SecretCheck.Seconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return Refuse(context, StatusCodes.Status429TooManyRequests, "too many requests");
            }
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
            .Concat(request.Routes.Select(RevalidationTarget.Route))
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

    private static string? GivenSecret(HttpRequest request) =>
        request.Headers.TryGetValue(SecretHeader, out var given) && given.Count == 1 ? given[0] : null;

    private static IResult BadRequest(string why) =>
        Results.Json(new RevalidateError(why), RevalidateJsonContext.Readable.RevalidateError, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Why the request cannot be served, or null.</summary>
    private string? Validate(RevalidateRequest request)
    {
        if (request.Count == 0)
        {
            return "give path=, tag=, prefix= or route=";
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

        return request.Paths.Concat(request.Tags).Concat(request.Prefixes).Concat(request.Routes).FirstOrDefault(value => value.Length > _maxValueLength) is { } tooLong
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
