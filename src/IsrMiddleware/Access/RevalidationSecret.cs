using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Access;

/// <summary>
/// The revalidation secret that guards revalidation, preview and the status page, compared in constant time: both
/// sides are hashed first, so the comparison takes the same time whatever the lengths.
/// </summary>
internal sealed class RevalidationSecret(IOptions<StaticParamsOptions> options)
{
    /// <summary>The request header that carries the secret.</summary>
    public const string Header = "X-Revalidate-Secret";

    private readonly byte[]? _hash = string.IsNullOrEmpty(options.Value.RevalidateSecret)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.RevalidateSecret));

    /// <summary>Whether a secret is configured; without one, nothing matches.</summary>
    public bool IsSet => _hash is not null;

    public bool Matches(string? given) =>
        _hash is not null && !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _hash);
}
