using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace IsrMiddleware.Serving;

/// <summary>
/// What a GET's <c>Range</c> asks of a stored representation (RFC 9110 section 14): one byte range, or the whole body.
/// Only a single range is served; several ranges, another unit, a malformed header or an <c>If-Range</c> that does not
/// name this representation's strong entity tag get the whole body, as the RFC allows.
/// </summary>
internal readonly record struct ByteRange(ByteRangeKind Kind, long Start, long Length)
{
    public const string Unit = "bytes";

    private static readonly ByteRange Whole = new(ByteRangeKind.Whole, 0, 0);

    /// <summary>The range <paramref name="request"/> selects of a body of <paramref name="length"/> bytes tagged <paramref name="etag"/>.</summary>
    public static ByteRange Select(HttpRequest request, string etag, long length)
    {
        var headers = request.Headers;
        if (!HttpMethods.IsGet(request.Method) || headers.Range.Count == 0 || length == 0 || !IfRangeHolds(headers.IfRange, etag))
        {
            return Whole;
        }

        if (!RangeHeaderValue.TryParse(headers.Range.ToString(), out var range)
            || !string.Equals(range.Unit.Value, Unit, StringComparison.OrdinalIgnoreCase)
            || range.Ranges.Count != 1)
        {
            return Whole;
        }

        var item = range.Ranges.Single();
        switch (item.From, item.To)
        {
            case ({ } from, _) when from >= length:
                return new(ByteRangeKind.Unsatisfiable, 0, 0);
            case ({ } from, var to):
                var last = Math.Min(to ?? length - 1, length - 1);
                return new(ByteRangeKind.Partial, from, last - from + 1);
            case (null, { } suffix) when suffix == 0:
                return new(ByteRangeKind.Unsatisfiable, 0, 0);
            case (null, { } suffix):
                var size = Math.Min(suffix, length);
                return new(ByteRangeKind.Partial, length - size, size);
            default:
                return Whole;
        }
    }

    /// <summary><c>Content-Range</c> of this range over a body of <paramref name="length"/> bytes.</summary>
    public string ContentRange(long length) => Kind == ByteRangeKind.Partial
        ? FormattableString.Invariant($"{Unit} {Start}-{Start + Length - 1}/{length}")
        : FormattableString.Invariant($"{Unit} */{length}");

    /// <summary>No <c>If-Range</c>, or one naming exactly this strong tag (a weak tag or a date never matches: pages carry no <c>Last-Modified</c>).</summary>
    private static bool IfRangeHolds(Microsoft.Extensions.Primitives.StringValues ifRange, string etag)
    {
        if (ifRange.Count == 0)
        {
            return true;
        }

        return ifRange.Count == 1
            && RangeConditionHeaderValue.TryParse(ifRange.ToString(), out var condition)
            && condition.EntityTag is { IsWeak: false } tag
            && tag.Tag.Equals(etag, StringComparison.Ordinal);
    }
}
