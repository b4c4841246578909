using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Diagnostics;

namespace IsrMiddleware.Access;

/// <summary>
/// The one protection of every door that checks the revalidation secret (revalidation, preview, the status page and its
/// actions). Wrong secrets are counted per client (<see cref="ClientPartition"/>): once a client has given
/// <c>SecretFailuresPerMinute</c> wrong secrets in a minute, its requests are refused with 429 before any comparison
/// until the window ends, so guessing is capped. Only failures count: a valid secret never takes from the budget, and
/// one client's failures never refuse another client. Refusals are logged at most once per client per minute, with the
/// number held back.
/// </summary>
internal sealed class SecretGuard : IDisposable
{
    /// <summary>The window of the failure budget, and the interval of the refusal lines.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The most clients whose refusal lines are tracked one by one.</summary>
    public const int TrackedClients = 1024;

    private static readonly object CheckedKey = new();

    private readonly Lock[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];
    private readonly RevalidationSecret _secret;
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly ClientLogThrottle _logThrottle;
    private readonly ILogger<SecretGuard> _logger;

    public SecretGuard(IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<SecretGuard> logger)
    {
        _secret = new RevalidationSecret(options);
        _failures = WindowRateLimiter.PerClient(time, options.Value.SecretFailuresPerMinute, Window);
        _logThrottle = new ClientLogThrottle(time, Window, TrackedClients);
        _logger = logger;
    }

    /// <summary>Whether a secret is configured; without one, no secret is valid.</summary>
    public bool IsSet => _secret.IsSet;

    /// <summary>
    /// Checks the secret a request gave to <paramref name="door"/>. A missing secret is neither compared nor counted;
    /// it is logged (throttled) unless <paramref name="quietWhenMissing"/> (a browser's first request before it asks
    /// for credentials).
    /// </summary>
    public SecretCheck Check(HttpContext context, string? given, string door, bool quietWhenMissing = false)
    {
        ArgumentNullException.ThrowIfNull(context);

        // One request is checked once, however many parts ask (the authentication scheme, then the endpoint).
        if (context.Items.TryGetValue(CheckedKey, out var earlier) && earlier is Checked { } done && string.Equals(done.Given, given, StringComparison.Ordinal))
        {
            return done.Result;
        }

        var check = CheckOnce(context, given, door, quietWhenMissing);
        context.Items[CheckedKey] = new Checked(given, check);
        return check;
    }

    public void Dispose() => _failures.Dispose();

    private SecretCheck CheckOnce(HttpContext context, string? given, string door, bool quietWhenMissing)
    {
        var client = ClientPartition.Of(context);

        // One check at a time per client (striped): concurrent guesses cannot all pass the budget before any is counted.
        lock (_stripes[(uint)StringComparer.Ordinal.GetHashCode(client) % (uint)_stripes.Length])
        {
            return CheckLocked(client, given, door, quietWhenMissing);
        }
    }

    private SecretCheck CheckLocked(string client, string? given, string door, bool quietWhenMissing)
    {
        using (var probe = _failures.AttemptAcquire(client, 0))
        {
            if (!probe.IsAcquired)
            {
                var wait = probe.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
                return Refused(new SecretCheck(SecretVerdict.Limited, wait), door, client);
            }
        }

        if (string.IsNullOrEmpty(given))
        {
            var missing = new SecretCheck(SecretVerdict.Missing, TimeSpan.Zero);
            return quietWhenMissing ? missing : Refused(missing, door, client);
        }

        if (_secret.Matches(given))
        {
            return new SecretCheck(SecretVerdict.Valid, TimeSpan.Zero);
        }

        using (_failures.AttemptAcquire(client, 1))
        {
            // Counted: the probe above saw room for it.
        }

        return Refused(new SecretCheck(SecretVerdict.Wrong, TimeSpan.Zero), door, client);
    }

    private SecretCheck Refused(SecretCheck check, string door, string client)
    {
        if (_logThrottle.ShouldLog(client, out var logged, out var suppressed))
        {
            SecretGuardLog.Refused(_logger, door, logged, check.Why, suppressed);
        }

        return check;
    }

    private sealed record Checked(string? Given, SecretCheck Result);
}
