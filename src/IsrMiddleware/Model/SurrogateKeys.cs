using System.Security.Cryptography;
using System.Text;

namespace IsrMiddleware;

/// <summary>
/// The surrogate keys pages carry and invalidations name. Every key is 1 to 128 visible ASCII characters without
/// space, comma, quote or backslash, so it is safe in every edge's header.
/// </summary>
public static class SurrogateKeys
{
    /// <summary>The longest tag used as a key as it is; a longer one is hashed.</summary>
    public const int MaxTagLength = 128;

    private const string PathPrefix = "path:";
    private const string TagPrefix = "tag:";

    /// <summary>
    /// The key of one page: <c>path:</c> and the first 16 hex digits (lowercase) of the SHA-256 of the page key's UTF-8
    /// bytes. For example <c>/blog/hello-world</c> has one fixed key of 21 characters.
    /// </summary>
    public static string ForPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PathPrefix + Hash(path);
    }

    /// <summary>
    /// The key of a tag: the tag itself when it is safe in a header (see the type's remarks) and does not start with
    /// <c>path:</c> or <c>tag:</c>; otherwise <c>tag:</c> and a hash, as for a path.
    /// </summary>
    public static string ForTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return IsSafe(tag) && !tag.StartsWith(PathPrefix, StringComparison.Ordinal) && !tag.StartsWith(TagPrefix, StringComparison.Ordinal)
            ? tag
            : TagPrefix + Hash(tag);
    }

    private static bool IsSafe(string tag)
    {
        if (tag.Length is 0 or > MaxTagLength)
        {
            return false;
        }

        foreach (var c in tag)
        {
            if (c is <= ' ' or > '~' or ',' or '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static string Hash(string value)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
