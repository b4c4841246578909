using System.Text.RegularExpressions;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

/// <summary>Finds the page a path names: its static route and canonical key, preferring the route that declared it.</summary>
internal sealed partial class PageLocator(StaticRouteResolver resolver, DeclaredPages declared)
{
    public bool IsDeclared(string key) => declared.IsDeclared(key);

    public ICollection<string> DeclaredKeys => declared.Keys;

    /// <summary>The static route whose pattern is <paramref name="pattern"/> as written where it is mapped (a leading slash optional).</summary>
    public StaticRoute? RouteWithPattern(string pattern)
    {
        var wanted = "/" + pattern.Trim().TrimStart('/');
        return resolver.GetAll().FirstOrDefault(route => string.Equals("/" + route.DisplayPattern.TrimStart('/'), wanted, StringComparison.Ordinal));
    }

    [GeneratedRegex("//+")]
    private static partial Regex RepeatedSlashes();

    /// <summary>The static route whose pattern matches the path, and the page's canonical key.</summary>
    public (StaticRoute Route, string Key)? Find(string path)
    {
        var queryStart = path.IndexOfAny(['?', '#']);
        if (queryStart >= 0)
        {
            path = path[..queryStart];
        }

        // The same canonical form a request gets (repeated slashes collapsed, no trailing slash): a revalidation of
        // "/docs/a/b/" is one of the page "/docs/a/b".
        path = CanonicalPath.Key(RepeatedSlashes().Replace("/" + path.TrimStart('/'), "/"));

        // Of the routes matching, the one that declared the page; else the first in endpoint order.
        (StaticRoute Route, string Key)? first = null;
        foreach (var route in resolver.GetAll())
        {
            if (route.Binder.Match(path) is { } values && route.Binder.SatisfiesConstraints(values) && route.Binder.TryGetKey(values, out var key))
            {
                key = CanonicalPath.Key(key);
                if (declared.RouteOf(key) == route)
                {
                    return (route, key);
                }

                first ??= (route, key);
            }
        }

        return first;
    }
}
