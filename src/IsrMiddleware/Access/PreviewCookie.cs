using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Access;

/// <summary>
/// The preview cookie's value: <c>1.{expiry in Unix seconds}.{random}.{HMAC-SHA256}</c>, signed with a key derived from
/// the revalidation secret, so every instance sharing the secret accepts it and changing the secret revokes it.
/// </summary>
internal sealed class PreviewCookie
{
    private const string Version = "1";
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("IsrMiddleware preview cookie v1");

    private readonly byte[]? _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public PreviewCookie(IOptions<StaticParamsOptions> options, TimeProvider time)
    {
        var secret = options.Value.RevalidateSecret;
        _key = string.IsNullOrEmpty(secret) ? null : HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Purpose);
        _time = time;
        _lifetime = options.Value.Preview.Lifetime;
        Name = options.Value.Preview.CookieName;
    }

    public string Name { get; }

    /// <summary>Whether a secret is configured; without one no cookie is ever valid.</summary>
    public bool IsEnabled => _key is not null;

    /// <summary>A new cookie value and when it expires.</summary>
    public (string Value, DateTimeOffset Expires) Issue()
    {
        var key = _key ?? throw new InvalidOperationException("Preview needs StaticParamsOptions.RevalidateSecret.");
        var expires = _time.GetUtcNow() + _lifetime;
        var payload = string.Join('.', Version, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)));
        return (payload + "." + WebEncoders.Base64UrlEncode(Sign(key, payload)), expires);
    }

    /// <summary>Whether a value was issued with this secret and has not expired.</summary>
    public bool IsValid(string? value)
    {
        if (_key is null || string.IsNullOrEmpty(value) || value.Length > 256)
        {
            return false;
        }

        var lastDot = value.LastIndexOf('.');
        var parts = value.Split('.');
        if (parts.Length != 4 || parts[0] != Version || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        byte[] mac;
        try
        {
            mac = WebEncoders.Base64UrlDecode(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(mac, Sign(_key, value[..lastDot]))
            && _time.GetUtcNow().ToUnixTimeSeconds() < expiry;
    }

    private static byte[] Sign(byte[] key, string payload) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));
}
