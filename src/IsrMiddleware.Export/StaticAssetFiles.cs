using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;

namespace IsrMiddleware.Export;

/// <summary>
/// The files <c>MapStaticAssets()</c> serves, read from its endpoints (each carries its <see cref="StaticAssetDescriptor"/>):
/// every route a browser may request (fingerprinted names such as <c>css/site.b9sayid5wm.css</c>, and the plain
/// names the manifest maps too) with the asset file behind it. Content-negotiated variants (a gzip body answered for
/// the plain route) are left out: a static host serves each route's own file.
/// </summary>
internal static class StaticAssetFiles
{
    public static IReadOnlyList<(string RelativePath, string AssetPath)> Enumerate(EndpointDataSource endpoints)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not { } descriptor
                || descriptor.Selectors.Count > 0
                || endpoint.RoutePattern.Parameters.Count > 0
                || endpoint.RoutePattern.RawText is not { } route)
            {
                continue;
            }

            var relativePath = route.TrimStart('/');
            if (relativePath.Length > 0)
            {
                files.TryAdd(relativePath, descriptor.AssetPath);
            }
        }

        return [.. files.Select(pair => (pair.Key, pair.Value)).OrderBy(file => file.Key, StringComparer.Ordinal)];
    }
}
