namespace IsrMiddleware;

/// <summary>One batch of changes for an <see cref="IEdgeInvalidator"/>.</summary>
public sealed class EdgeInvalidation
{
    /// <summary>Creates a batch.</summary>
    public EdgeInvalidation(IReadOnlyList<string> surrogateKeys, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(surrogateKeys);
        ArgumentNullException.ThrowIfNull(paths);
        SurrogateKeys = surrogateKeys;
        Paths = paths;
    }

    /// <summary>
    /// The surrogate keys to purge, as the pages carry them in their surrogate-key headers: path keys
    /// (<see cref="SurrogateKeys.ForPath"/>) and tags (<see cref="SurrogateKeys.ForTag"/>). Distinct.
    /// </summary>
    public IReadOnlyList<string> SurrogateKeys { get; }

    /// <summary>
    /// The page paths concerned (canonical keys such as <c>/blog/hello-world</c>), for edges that purge by URL: combine
    /// them with the public origin. A tag's pages that were never stored at the origin are not listed. Distinct.
    /// </summary>
    public IReadOnlyList<string> Paths { get; }
}
