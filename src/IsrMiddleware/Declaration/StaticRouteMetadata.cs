namespace IsrMiddleware.Declaration;

/// <summary>
/// Endpoint metadata added by the minimal-API conventions. Several instances may sit on one endpoint: sources
/// append in order, and for each setting the last non-null value wins.
/// </summary>
internal sealed class StaticRouteMetadata
{
    public ParamsSource? Source { get; init; }

    public UnknownParams? UnknownParams { get; init; }

    public TimeSpan? Revalidate { get; init; }

    public TimeSpan? Expire { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Profile { get; init; }
}
