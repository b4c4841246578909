using Microsoft.Extensions.Primitives;
using IsrMiddleware.Model;

namespace IsrMiddleware;

/// <summary>
/// A request's <c>Accept-Encoding</c>, read only when a representation must be chosen: the one place where every store
/// and the response writer pick the same variant for the same request.
/// </summary>
public readonly struct AcceptedEncodings
{
    private readonly StringValues _header;

    /// <summary>Wraps a request's <c>Accept-Encoding</c> values (none: only the identity body is acceptable).</summary>
    public AcceptedEncodings(StringValues acceptEncoding) => _header = acceptEncoding;

    /// <summary>
    /// The representation to send when the stored version has the given variants: the acceptable variant of the highest
    /// weight (Brotli on a tie), else the identity body (RFC 9110, section 12.5.3).
    /// </summary>
    public PageEncoding Choose(bool hasBrotli, bool hasGzip) =>
        hasBrotli || hasGzip ? AcceptEncoding.Choose(_header, hasBrotli, hasGzip) : PageEncoding.Identity;

    /// <summary>The acceptable variants in the order <see cref="Choose"/> tries them (at most two; identity after them).</summary>
    public (PageEncoding First, PageEncoding Second) Preference()
    {
        var first = Choose(hasBrotli: true, hasGzip: true);
        var second = first switch
        {
            PageEncoding.Brotli => Choose(hasBrotli: false, hasGzip: true),
            PageEncoding.Gzip => Choose(hasBrotli: true, hasGzip: false),
            _ => PageEncoding.Identity,
        };
        return (first, second);
    }
}
