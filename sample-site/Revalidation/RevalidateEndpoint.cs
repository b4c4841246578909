using System.Security.Cryptography;
using System.Text;

namespace SampleSite.Revalidation;

/// <summary>
/// <c>POST /api/revalidate</c>: on-demand revalidation by <c>path=</c> or <c>tag=</c> (query or form), guarded by the
/// <c>X-Revalidate-Secret</c> header. The checks are in place; the revalidation itself lands in a later change.
/// </summary>
public static class RevalidateEndpoint
{
    public const string SecretHeader = "X-Revalidate-Secret";

    public static IEndpointConventionBuilder MapRevalidateEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/api/revalidate")
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // The form is read by hand (no [FromForm] parameter), so the endpoint carries no antiforgery requirement:
        // callers are machines holding the secret, not browsers.
        return endpoints.MapPost(pattern, HandleAsync).DisableAntiforgery();
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, IConfiguration configuration)
    {
        if (!HasValidSecret(request, configuration["Isr:RevalidateSecret"]))
        {
            return Results.Json(new { error = "missing or wrong " + SecretHeader }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var path = request.Query["path"].ToString();
        var tag = request.Query["tag"].ToString();
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                return Results.Json(new { error = "the form cannot be read" }, statusCode: StatusCodes.Status400BadRequest);
            }

            path = path.Length > 0 ? path : form["path"].ToString();
            tag = tag.Length > 0 ? tag : form["tag"].ToString();
        }

        if (string.IsNullOrWhiteSpace(path) && string.IsNullOrWhiteSpace(tag))
        {
            return Results.Json(new { error = "give path= or tag=" }, statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.Json(new { error = "on-demand revalidation is not available yet" }, statusCode: StatusCodes.Status501NotImplemented);
    }

    /// <summary>
    /// Compares the header with the configured secret in constant time (both hashed first, so that not even the
    /// length leaks). No secret configured means every request is refused.
    /// </summary>
    private static bool HasValidSecret(HttpRequest request, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || !request.Headers.TryGetValue(SecretHeader, out var given) || given.Count != 1
            || string.IsNullOrEmpty(given[0]))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given[0]!)),
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}
