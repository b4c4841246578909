namespace IsrMiddleware.Revalidation;

/// <summary>What a call to the revalidation endpoint asks for, as read from its query, form or JSON body.</summary>
internal sealed record RevalidateRequest(
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Prefixes,
    string? Mode,
    string? OnlyStored,
    string? Confirm = null)
{
    /// <summary>Route patterns whose declared sets are refreshed.</summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    public int Count => Paths.Count + Tags.Count + Prefixes.Count + Routes.Count;
}
