using System.Text;

namespace IsrMiddleware.Model;

/// <summary>
/// How a hole is marked in a stored shell: <c>&lt;!--isr-hole:NONCE:NAME--&gt;fallback&lt;!--/isr-hole:NONCE--&gt;</c>.
/// The nonce is random per render and recorded in the page's <see cref="HeaderName"/> header, so page content that
/// happens to contain marker-like text is never taken for a hole.
/// </summary>
internal static class HoleMarkers
{
    /// <summary>The stored header naming the render's marker nonce; never sent to a client.</summary>
    public const string HeaderName = "X-Isr-Holes";

    public static string Start(string nonce, string name) => "<!--isr-hole:" + nonce + ":" + name + "-->";

    public static string End(string nonce) => "<!--/isr-hole:" + nonce + "-->";

    public static byte[] StartPrefix(string nonce) => Encoding.UTF8.GetBytes("<!--isr-hole:" + nonce + ":");

    public static byte[] EndMarker(string nonce) => Encoding.UTF8.GetBytes(End(nonce));

    /// <summary>The nonce recorded in a page's headers, or null when the page has no holes.</summary>
    public static string? NonceOf(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, HeaderName, StringComparison.OrdinalIgnoreCase))
            {
                return headers[i].Value;
            }
        }

        return null;
    }

    /// <summary>Whether a hole's name is one a marker can carry: letters, digits, '-' and '_', at most 64 characters.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.AsSpan().IndexOfAnyExcept(NameCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
}
