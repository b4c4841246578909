using Microsoft.Extensions.Primitives;

namespace IsrMiddleware.Serving;

/// <summary>Reads <c>Accept-Encoding</c> without allocating: Brotli when accepted, else gzip, else identity.</summary>
internal static class AcceptEncoding
{
    public static ContentCoding Choose(StringValues acceptEncoding, bool hasBrotli, bool hasGzip)
    {
        bool brotli = false, gzip = false;
        foreach (var value in acceptEncoding)
        {
            if (value is null)
            {
                continue;
            }

            var text = value.AsSpan();
            foreach (var range in text.Split(','))
            {
                var token = text[range].Trim();
                var semicolon = token.IndexOf(';');
                var name = (semicolon >= 0 ? token[..semicolon] : token).Trim();
                if (semicolon >= 0 && IsZeroQuality(token[(semicolon + 1)..]))
                {
                    continue;
                }

                if (name.Equals("br", StringComparison.OrdinalIgnoreCase) || name is "*")
                {
                    brotli = true;
                }

                if (name.Equals("gzip", StringComparison.OrdinalIgnoreCase) || name is "*")
                {
                    gzip = true;
                }
            }
        }

        return (brotli && hasBrotli) ? ContentCoding.Brotli : (gzip && hasGzip) ? ContentCoding.Gzip : ContentCoding.Identity;
    }

    private static bool IsZeroQuality(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase))
            {
                var q = parameter[2..].Trim();
                return q.Length > 0 && q[0] == '0' && !q.ContainsAnyInRange('1', '9');
            }
        }

        return false;
    }
}
