namespace IsrMiddleware.Serving;

/// <summary>The stored representation a response is served in.</summary>
internal enum ContentCoding
{
    Identity,
    Brotli,
    Gzip,
}
