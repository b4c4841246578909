using Microsoft.AspNetCore.Http;

namespace IsrMiddleware;

/// <summary>What a hole renderer is given: the live request and which hole of which page it fills.</summary>
public sealed class HoleContext
{
    internal HoleContext(HttpContext httpContext, string name, string pagePath)
    {
        HttpContext = httpContext;
        Name = name;
        PagePath = pagePath;
    }

    /// <summary>
    /// The live request (its user, cookies, query and headers) with a response of its own that nobody reads, and
    /// <see cref="HttpContext.RequestServices"/> from a scope of this hole's own.
    /// </summary>
    public HttpContext HttpContext { get; }

    /// <summary>The hole's name, as registered with <c>AddHole</c>.</summary>
    public string Name { get; }

    /// <summary>The path of the page the hole belongs to (its key), such as <c>/blog/hello</c>.</summary>
    public string PagePath { get; }
}
