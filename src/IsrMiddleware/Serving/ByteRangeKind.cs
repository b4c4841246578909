namespace IsrMiddleware.Serving;

/// <summary>How a GET's <c>Range</c> is answered: the whole body (200), one part of it (206), or 416.</summary>
internal enum ByteRangeKind
{
    Whole,
    Partial,
    Unsatisfiable,
}
