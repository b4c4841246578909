namespace IsrMiddleware.Holes;

/// <summary>Where <c>MapHoleEndpoint</c> put the hole endpoint: an ESI shell includes its holes from there.</summary>
internal sealed class HoleEndpointAddress
{
    /// <summary>The endpoint's path prefix (<c>/_isr/holes</c>), or null when it is not mapped (no ESI shells then).</summary>
    public string? Path { get; set; }
}
