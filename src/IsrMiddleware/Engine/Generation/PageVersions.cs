using System.Security.Cryptography;
using System.Text;
using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

/// <summary>Builds the stored version of a render: merged tags, precompressed variants, a strong ETag, version and build.</summary>
internal sealed class PageVersions(Precompressor precompressor, BuildIdentity build)
{
    public StoredPage Create(StaticRoute route, string key, bool declared, RenderResult result, long version)
    {
        var tags = route.Tags.Count == 0 ? result.Tags : route.Tags.Concat(result.Tags).Distinct(StringComparer.Ordinal).ToArray();
        // A shell with live holes is never sent whole: its gzip is assembled per request from parts, so variants of the
        // whole shell would be stored and never served.
        var (brotli, gzip) = HoleMarkers.NonceOf(result.Headers) is null ? precompressor.Compress(result.ContentType, result.Body) : ([], []);
        return new StoredPage
        {
            Key = key,
            StatusCode = result.StatusCode,
            ContentType = result.ContentType,
            Headers = result.Headers,
            Body = result.Body,
            BrotliBody = brotli,
            GzipBody = gzip,
            ETag = CreateETag(result),
            GeneratedAt = result.GeneratedAt,
            Version = version,
            BuildId = build.Id,
            Route = route.Identity,
            Tags = tags,
            Declared = declared,
        };
    }

    /// <summary>A strong validator: equal only for byte-identical responses (status, type, headers and body).</summary>
    private static string CreateETag(RenderResult result)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(result.StatusCode));
        hash.AppendData(Encoding.UTF8.GetBytes(result.ContentType ?? string.Empty));
        foreach (var (name, value) in result.Headers)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name + ":" + value + "\n"));
        }

        hash.AppendData(result.Body);
        return "\"" + Convert.ToBase64String(hash.GetHashAndReset(), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
    }
}
