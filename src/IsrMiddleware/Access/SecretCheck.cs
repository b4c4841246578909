using System.Globalization;
using Microsoft.AspNetCore.Http;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Access;

/// <summary>A <see cref="SecretVerdict"/>, and for <see cref="SecretVerdict.Limited"/> when the client may try again.</summary>
internal readonly record struct SecretCheck(SecretVerdict Verdict, TimeSpan RetryAfter)
{
    public bool IsValid => Verdict == SecretVerdict.Valid;

    /// <summary>The status a door answers with when the secret is not valid: 429 past the budget, else 401.</summary>
    public int RefusalStatus => Verdict == SecretVerdict.Limited ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;

    /// <summary>Why the request is refused, for the caller.</summary>
    public string Why => Verdict switch
    {
        SecretVerdict.Limited => "too many wrong secrets from this client: retry later",
        SecretVerdict.Missing => "missing secret",
        _ => "wrong secret",
    };

    /// <summary>Writes <c>Retry-After</c> (whole seconds, at least one) when the client is limited.</summary>
    public void WriteRetryAfter(HttpResponse response)
    {
        if (Verdict == SecretVerdict.Limited)
        {
            response.Headers.RetryAfter = Seconds(RetryAfter).ToString(CultureInfo.InvariantCulture);
        }
    }

    public static long Seconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
}
