namespace IsrMiddleware.Model;

/// <summary>A render's holes resolved to their fallbacks: what a static file or a fallback shell shows.</summary>
internal static class HoleFallbacks
{
    /// <summary>The result itself when it has no holes; otherwise a copy whose body shows each hole's fallback, without markers.</summary>
    public static RenderResult Apply(RenderResult result)
    {
        if (HoleMarkers.NonceOf(result.Headers) is not { } nonce || HoleLayout.Parse(result.Body, nonce) is not { } layout)
        {
            return result;
        }

        return new RenderResult
        {
            Outcome = result.Outcome,
            StatusCode = result.StatusCode,
            ContentType = result.ContentType,
            Headers = WithoutNonce(result.Headers),
            Body = layout.WithFallbacks(),
            Tags = result.Tags,
            Reason = result.Reason,
            Error = result.Error,
            GeneratedAt = result.GeneratedAt,
            Duration = result.Duration,
        };
    }

    /// <summary>The headers a client may see: all but the marker nonce.</summary>
    public static KeyValuePair<string, string>[] WithoutNonce(IReadOnlyList<KeyValuePair<string, string>> headers) =>
        [.. headers.Where(header => !string.Equals(header.Key, HoleMarkers.HeaderName, StringComparison.OrdinalIgnoreCase))];
}
