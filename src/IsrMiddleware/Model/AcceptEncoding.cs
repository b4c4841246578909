using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace IsrMiddleware.Model;

/// <summary>
/// Reads <c>Accept-Encoding</c> as RFC 9110 (section 12.5.3) says, without allocating: a coding named with
/// <c>q=0</c> is refused even when <c>*</c> accepts everything else; a named coding's weight overrides <c>*</c>;
/// <c>x-gzip</c> is gzip. The stored variant with the highest weight wins, Brotli on a tie; identity when none is acceptable.
/// </summary>
internal static class AcceptEncoding
{
    private const int Unset = -1;

    public static PageEncoding Choose(StringValues acceptEncoding, bool hasBrotli, bool hasGzip)
    {
        // Weights in thousandths (RFC 9110 allows three decimals); Unset when the coding is not named.
        int brotli = Unset, gzip = Unset, any = Unset;
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
                if (name.IsEmpty || !TryReadWeight(semicolon >= 0 ? token[(semicolon + 1)..] : [], out var weight))
                {
                    continue;
                }

                if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    brotli = Combine(brotli, weight);
                }
                else if (name.Equals("gzip", StringComparison.OrdinalIgnoreCase) || name.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                {
                    gzip = Combine(gzip, weight);
                }
                else if (name is "*")
                {
                    any = Combine(any, weight);
                }
            }
        }

        var brotliWeight = hasBrotli ? (brotli != Unset ? brotli : any) : Unset;
        var gzipWeight = hasGzip ? (gzip != Unset ? gzip : any) : Unset;
        if (brotliWeight > 0 && brotliWeight >= gzipWeight)
        {
            return PageEncoding.Brotli;
        }

        return gzipWeight > 0 ? PageEncoding.Gzip : PageEncoding.Identity;
    }

    /// <summary>A coding named twice (gzip and x-gzip) keeps the lower weight, so a refusal is never overridden.</summary>
    private static int Combine(int current, int weight) => current == Unset ? weight : Math.Min(current, weight);

    private static bool TryReadWeight(ReadOnlySpan<char> parameters, out int thousandths)
    {
        thousandths = 1000;
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (!parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!decimal.TryParse(parameter[2..].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) || q > 1)
            {
                return false;
            }

            thousandths = (int)Math.Round(q * 1000, MidpointRounding.ToZero);
            return true;
        }

        return true;
    }
}
