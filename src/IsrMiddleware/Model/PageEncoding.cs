namespace IsrMiddleware;

/// <summary>A stored representation of a page: its body as rendered, or one of its precompressed variants.</summary>
public enum PageEncoding
{
    /// <summary>The body as rendered.</summary>
    Identity,

    /// <summary>The Brotli variant (<c>Content-Encoding: br</c>).</summary>
    Brotli,

    /// <summary>The gzip variant (<c>Content-Encoding: gzip</c>).</summary>
    Gzip,
}
